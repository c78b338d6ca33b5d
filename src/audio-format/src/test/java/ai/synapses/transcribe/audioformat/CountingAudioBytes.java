package ai.synapses.transcribe.audioformat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@link AudioBytes} that records every read, to hold the reader to its byte budget. */
final class CountingAudioBytes implements AudioBytes {

    record Range(long offset, int length) {
        long end() {
            return offset + length;
        }
    }

    private final AudioBytes inner;
    private final List<Range> reads = new ArrayList<>();

    CountingAudioBytes(byte[] data) {
        this(data, true);
    }

    /** @param sizeKnown false to play a server that does not tell the size */
    CountingAudioBytes(byte[] data, boolean sizeKnown) {
        this(new InMemory(data, sizeKnown));
    }

    CountingAudioBytes(AudioBytes inner) {
        this.inner = inner;
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public synchronized byte[] read(long offset, int length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset " + offset + ", length " + length);
        }
        byte[] b = inner.read(offset, length);
        reads.add(new Range(offset, b.length));
        return b;
    }

    synchronized int calls() {
        return reads.size();
    }

    synchronized long bytesRead() {
        return reads.stream().mapToLong(Range::length).sum();
    }

    synchronized List<Range> reads() {
        return List.copyOf(reads);
    }

    private record InMemory(byte[] data, boolean sizeKnown) implements AudioBytes {

        @Override
        public long size() {
            return sizeKnown ? data.length : -1;
        }

        @Override
        public byte[] read(long offset, int length) {
            if (offset >= data.length) {
                return new byte[0];
            }
            return Arrays.copyOfRange(data, (int) offset, (int) Math.min(data.length, offset + (long) length));
        }
    }
}
