package ai.synapses.transcribe.decoding;

import ai.synapses.transcribe.audioformat.AudioBytes;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** A local file as {@link AudioBytes}, for the probe's {@code AudioFormatReader}: positional reads, nothing cached. */
public final class LocalAudioBytes implements AudioBytes, Closeable {

    private final FileChannel channel;
    private final long size;

    public LocalAudioBytes(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.size = channel.size();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public byte[] read(long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length");
        }
        if (offset >= size || length == 0) {
            return new byte[0];
        }
        int n = (int) Math.min(length, size - offset);
        ByteBuffer buffer = ByteBuffer.allocate(n);
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, offset + buffer.position());
            if (read < 0) {
                break;
            }
        }
        byte[] bytes = buffer.array();
        return buffer.position() == n ? bytes : Arrays.copyOf(bytes, buffer.position());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
