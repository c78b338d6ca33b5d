package ai.synapses.transcribe.audioformat;

/** A huge file without the memory: {@code head}, then {@code gap} zero bytes, then {@code tail}. */
record SparseAudioBytes(byte[] head, long gap, byte[] tail) implements AudioBytes {

    @Override
    public long size() {
        return head.length + gap + tail.length;
    }

    @Override
    public byte[] read(long offset, int length) {
        int n = (int) Math.max(0, Math.min(length, size() - offset));
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            long p = offset + i;
            if (p < head.length) {
                out[i] = head[(int) p];
            } else if (p >= head.length + gap) {
                out[i] = tail[(int) (p - head.length - gap)];
            }
        }
        return out;
    }
}
