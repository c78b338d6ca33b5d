package ai.synapses.transcribe.audioformat;

/** The fmt chunk of a WAV file, with WAVE_FORMAT_EXTENSIBLE resolved to the format tag of its sub-format. */
record WavFmt(int formatTag, int channels, int sampleRate, int blockAlign, int bitsPerSample) {

    private static final int PCM = 0x0001;
    private static final int IEEE_FLOAT = 0x0003;
    private static final int ALAW = 0x0006;
    private static final int MULAW = 0x0007;
    private static final int EXTENSIBLE = 0xFFFE;

    static WavFmt parse(byte[] b) throws AudioFormatException {
        if (b.length < 16) {
            throw AudioFormatException.unreadable("The WAV fmt chunk is too short: the file is corrupt.");
        }
        int tag = Bin.u16le(b, 0);
        int channels = Bin.u16le(b, 2);
        long rate = Bin.u32le(b, 4);
        int blockAlign = Bin.u16le(b, 12);
        int bits = Bin.u16le(b, 14);
        if (tag == EXTENSIBLE && b.length >= 26) {
            tag = Bin.u16le(b, 24); // the first two bytes of the sub-format GUID are the classic tag
        }
        if (channels == 0 || rate == 0 || rate > Integer.MAX_VALUE) {
            throw AudioFormatException.unreadable("The WAV fmt chunk gives no channels or no sample rate.");
        }
        if (blockAlign == 0) {
            blockAlign = channels * ((bits + 7) / 8);
        }
        if (blockAlign == 0) {
            throw AudioFormatException.unreadable("The WAV fmt chunk gives no sample size.");
        }
        return new WavFmt(tag, channels, (int) rate, blockAlign, bits);
    }

    /** ffmpeg's name for the codec, or {@code audio_unsupported_format} for one we do not take. */
    String codec() throws AudioFormatException {
        int containerBits = blockAlign / channels * 8;
        String name = switch (formatTag) {
            case PCM -> switch (containerBits) {
                case 8 -> "pcm_u8";
                case 16 -> "pcm_s16le";
                case 24 -> "pcm_s24le";
                case 32 -> "pcm_s32le";
                default -> null;
            };
            case IEEE_FLOAT -> containerBits == 32 ? "pcm_f32le" : containerBits == 64 ? "pcm_f64le" : null;
            case ALAW -> "pcm_alaw";
            case MULAW -> "pcm_mulaw";
            default -> null;
        };
        if (name == null) {
            throw AudioFormatException.unsupported("WAV with " + describe()
                    + " is not supported; send PCM WAV, FLAC, MP3, Ogg Vorbis, Opus or M4A/AAC.");
        }
        return name;
    }

    private String describe() {
        String known = switch (formatTag) {
            case PCM, IEEE_FLOAT -> bitsPerSample + "-bit samples";
            case 0x0002 -> "MS ADPCM audio";
            case 0x0011 -> "IMA ADPCM audio";
            case 0x0031 -> "GSM 6.10 audio";
            case 0x0050 -> "MPEG audio";
            case 0x0055 -> "MP3 audio";
            case 0x0161, 0x0162, 0x0163 -> "Windows Media audio";
            case 0x00FF, 0x1610 -> "AAC audio";
            default -> "codec 0x" + String.format("%04X", formatTag);
        };
        return known;
    }
}
