package ai.synapses.transcribe.recognition;

import org.vosk.Model;
import org.vosk.Recognizer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Recognises one chunk with its own Vosk {@link Recognizer} (recognisers are not thread-safe; the
 * model is shared). The chunk is streamed from the file in small buffers so memory does not grow with
 * its length; Vosk finalises a segment at each pause it detects, and those results are collected as
 * they come.
 */
final class ChunkRecognizer {

    /** A quarter of a second: small enough to keep memory flat, large enough that JNA calls cost nothing. */
    static final int BUFFER_BYTES = 8000;

    private final Model model;

    ChunkRecognizer(Model model) {
        this.model = model;
    }

    List<Word> recognise(Path pcm, PcmChunk chunk) throws IOException {
        long offset = chunk.startMillis();
        long end = chunk.endMillis();
        List<Word> words = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(pcm, StandardOpenOption.READ);
             Recognizer recognizer = new Recognizer(model, Pcm.SAMPLE_RATE)) {
            recognizer.setWords(true);
            recognizer.setPartialWords(false);
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
            long position = chunk.startByte();
            while (position < chunk.endByte()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("recognition of chunk " + chunk.index() + " interrupted");
                }
                int length = fill(channel, buffer, position, chunk.endByte());
                if (length == 0) {
                    break; // the file is shorter than when it was planned
                }
                position += length;
                if (recognizer.acceptWaveForm(buffer.array(), length)) {
                    words.addAll(VoskResults.words(recognizer.getResult(), offset, end));
                }
            }
            words.addAll(VoskResults.words(recognizer.getFinalResult(), offset, end));
        }
        return words;
    }

    /** Reads up to a full buffer; always whole samples, since Vosk drops an odd byte and shifts the rest. */
    private static int fill(FileChannel channel, ByteBuffer buffer, long position, long end) throws IOException {
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), end - position));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.position() & ~1;
    }
}
