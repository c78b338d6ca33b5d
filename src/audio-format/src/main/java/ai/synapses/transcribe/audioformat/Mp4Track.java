package ai.synapses.transcribe.audioformat;

/**
 * What the probe needs of one {@code trak} box.
 *
 * @param trackId        from tkhd, to find the track's fragments in a fragmented file
 * @param handler        {@code soun}, {@code vide}, ...
 * @param mediaDuration  mdhd duration in {@code timescale} units, including the encoder's priming samples
 * @param mediaStart     media time where the first (non-empty) edit starts: the priming samples to drop
 * @param sampleEntry    four-character code of the first stsd entry, e.g. {@code mp4a}
 * @param entryRate      sample rate from the sample entry, 0 when it does not say
 * @param objectType     MPEG-4 objectTypeIndication from esds, 0 when absent
 * @param config         AudioSpecificConfig from esds, null when absent
 * @param avgBitrate     bits per second from esds, 0 when absent
 */
record Mp4Track(long trackId, String handler, boolean enabled, long timescale, long mediaDuration, long mediaStart,
                String sampleEntry, int entryChannels, int entryRate, int objectType, AudioSpecificConfig config,
                long avgBitrate) {

    /** Filled in box by box while a trak is walked; the boxes come in any order. */
    static final class Builder {
        long trackId;
        String handler = "";
        boolean enabled;
        long timescale;
        long mediaDuration;
        long mediaStart;
        String sampleEntry = "";
        int entryChannels;
        int entryRate;
        int objectType;
        AudioSpecificConfig config;
        long avgBitrate;

        Mp4Track build() {
            return new Mp4Track(trackId, handler, enabled, timescale, mediaDuration, mediaStart, sampleEntry, entryChannels,
                    entryRate, objectType, config, avgBitrate);
        }
    }
}
