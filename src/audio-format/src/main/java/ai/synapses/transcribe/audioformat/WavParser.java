package ai.synapses.transcribe.audioformat;

import java.io.IOException;

/**
 * RIFF/WAVE, RF64 and BW64, PCM and IEEE float (also as WAVE_FORMAT_EXTENSIBLE), A-law and mu-law:
 * duration = sample frames in the data chunk / rate. Compressed WAV (ADPCM, MP3 in WAV, GSM...) is refused:
 * the worker's decoder does not take it.
 */
final class WavParser implements FormatParser {

    private static final int MAX_CHUNKS = 256;
    private static final long UNKNOWN_32 = 0xFFFF_FFFFL;

    @Override
    public AudioMetadata parse(SourceBytes src, long start) throws AudioFormatException, IOException {
        boolean rf64 = !Bin.startsWith(src.read(0, 4), 0, "RIFF");
        long size = src.size();
        WavFmt fmt = null;
        long ds64DataSize = -1;
        long dataOffset = -1;
        long dataSize = -1;
        long pos = 12;
        for (int i = 0; i < MAX_CHUNKS && (fmt == null || dataOffset < 0); i++) {
            byte[] header = src.read(pos, 8);
            if (header.length < 8) {
                break;
            }
            String id = Bin.ascii(header, 0, 4);
            long length = Bin.u32le(header, 4);
            switch (id) {
                case "ds64" -> {
                    byte[] body = src.read(pos + 8, 16);
                    if (body.length == 16) {
                        ds64DataSize = Bin.u64le(body, 8);
                    }
                }
                case "fmt " -> fmt = WavFmt.parse(src.read(pos + 8, (int) Math.min(length, 40)));
                case "data" -> {
                    dataOffset = pos + 8;
                    dataSize = rf64 && length == UNKNOWN_32 && ds64DataSize >= 0 ? ds64DataSize : length;
                    if (isStreamed(dataSize)) {
                        i = MAX_CHUNKS; // a streamed data chunk runs to the end of the file: nothing follows
                    }
                }
                default -> {
                    // LIST, fact, bext, JUNK, ...: not needed
                }
            }
            pos += 8 + length + (length & 1);
        }
        if (fmt == null) {
            throw AudioFormatException.unreadable("The WAV file has no fmt chunk: it is corrupt or truncated.");
        }
        if (dataOffset < 0) {
            throw AudioFormatException.unreadable("The WAV file has no data chunk: it is corrupt or truncated.");
        }
        String codec = fmt.codec(); // throws for the codecs we do not take
        long available = size >= 0 ? Math.max(0, size - dataOffset) : -1;
        if (isStreamed(dataSize)) {
            // Written to a pipe, the sizes were never filled in: the audio is whatever the file holds.
            if (available < 0) {
                throw AudioFormatException.unreadable(
                        "The WAV file does not say how long its audio is and the server did not tell the file's size.");
            }
            dataSize = available;
        } else if (available >= 0 && dataSize > available) {
            dataSize = available; // truncated: what is there is what decodes
        }
        long frames = dataSize / fmt.blockAlign();
        if (frames == 0) {
            throw AudioFormatException.unreadable("The WAV file holds no audio samples.");
        }
        double seconds = (double) frames / fmt.sampleRate();
        int kbps = (int) Math.round(fmt.sampleRate() * (double) fmt.blockAlign() * 8 / 1000);
        return new AudioMetadata(AudioMetadata.WAV, codec, seconds, fmt.sampleRate(), fmt.channels(), size, false, kbps);
    }

    private static boolean isStreamed(long dataSize) {
        return dataSize == 0 || dataSize == UNKNOWN_32;
    }
}
