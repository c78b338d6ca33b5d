package ai.synapses.transcribe.recognition;

/** A byte range of the PCM file recognised on its own: {@code [startByte, endByte)}. */
public record PcmChunk(int index, long startByte, long endByte) {

    public long bytes() {
        return endByte - startByte;
    }

    public long startMillis() {
        return Pcm.millis(startByte);
    }

    public long endMillis() {
        return Pcm.millis(endByte);
    }
}
