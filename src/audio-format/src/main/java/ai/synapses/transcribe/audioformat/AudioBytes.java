package ai.synapses.transcribe.audioformat;
import java.io.IOException;
/** Random access to the bytes of an audio file, local or remote; reads only what is asked for. */
public interface AudioBytes {
    /** Total size in bytes, or -1 when the source cannot tell. */
    long size();
    /** Up to {@code length} bytes starting at {@code offset}; fewer only at the end of the file, empty past it. */
    byte[] read(long offset, int length) throws IOException;
}
