package ai.synapses.transcribe.decoding;

import com.jcraft.jogg.Packet;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusMSDecoder;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ogg Vorbis (JOrbis, the decoder inside vorbisspi) and Ogg Opus (Concentus), with our own page reader so
 * that the granule positions are honoured the way ffmpeg and libvorbisfile do: Opus drops its pre-skip and
 * applies its output gain, and both stop at the granule position of the end-of-stream page (the encoder's
 * padding of the last block is not audio). Chained files (one logical stream after another) decode every
 * link; in a multiplexed file the first Vorbis or Opus stream is decoded and the others ignored.
 */
final class OggStreamDecoder implements JavaDecoder.StreamDecoder {

    private static final int MAX_BAD_PACKETS = 64;

    @Override
    public void decode(InputStream in, PcmSink sink) throws IOException, AudioProcessingException {
        OggPacketReader reader = new OggPacketReader(in);
        Link link = null;
        boolean followed = false;
        int serial = 0;
        long produced = 0;
        String skippedCodec = null;
        try {
            for (OggPacketReader.Page page; (page = reader.nextPage()) != null; ) {
                if (page.bos() && (link == null || link.ended || link.sawData)) {
                    // A new logical stream: follow it if it is audio we decode.
                    Link next = Link.open(page);
                    if (next != null) {
                        if (link != null) {
                            produced += link.produced;
                        }
                        link = next;
                        serial = page.serial;
                        followed = true;
                        reader.resetPackets();
                    } else {
                        skippedCodec = skippedCodec == null ? Link.codecName(page) : skippedCodec;
                    }
                }
                if (!followed || page.serial != serial || link.ended) {
                    continue;
                }
                if (!page.bos()) {
                    link.sawData = true;
                }
                final Link current = link;
                reader.packets(page, (data, length, p) -> current.packet(data, length, p, sink));
                if (page.eos()) {
                    link.ended = true;
                }
            }
        } catch (AudioFailure e) {
            throw e.failure;
        }
        if (link != null) {
            produced += link.produced;
        }
        if (link == null) {
            throw new AudioProcessingException(AudioProcessingException.UNSUPPORTED_FORMAT,
                    "The Ogg file holds no Vorbis or Opus stream" + (skippedCodec == null ? "" : " (it holds " + skippedCodec + ")")
                            + "; send Ogg Vorbis, Opus, FLAC, MP3 or WAV.", false, null);
        }
        if (produced == 0) {
            throw AudioProcessingException.unreadable("The Ogg file holds no decodable audio.", null);
        }
    }

    /** Lets a codec failure through the packet callback's IOException. */
    private static final class AudioFailure extends IOException {
        private static final long serialVersionUID = 1L;
        final transient AudioProcessingException failure;

        AudioFailure(AudioProcessingException failure) {
            super(failure.getMessage());
            this.failure = failure;
        }
    }

    /** One logical stream being decoded. */
    private abstract static class Link {
        long produced;
        boolean ended;
        /** A page after the BOS page was seen: a later BOS page starts a chained link, not a multiplexed stream. */
        boolean sawData;
        int packets;
        int bad;

        static Link open(OggPacketReader.Page page) {
            if (page.segments == 0) {
                return null;
            }
            byte[] b = page.body;
            if (startsWith(b, page.bodyLength, "\u0001vorbis")) {
                return new VorbisLink();
            }
            if (startsWith(b, page.bodyLength, "OpusHead")) {
                return new OpusLink();
            }
            return null;
        }

        static String codecName(OggPacketReader.Page page) {
            byte[] b = page.body;
            int n = page.bodyLength;
            if (startsWith(b, n, "\u007fFLAC")) {
                return "FLAC in Ogg";
            }
            if (startsWith(b, n, "Speex")) {
                return "Speex";
            }
            if (startsWith(b, n, "\u0080theora")) {
                return "Theora video";
            }
            return "an unknown codec";
        }

        final void packet(byte[] data, int length, OggPacketReader.Page page, PcmSink sink) throws IOException {
            int index = packets++;
            try {
                decode(index, data, length, page, sink);
            } catch (RuntimeException e) {
                if (index < headerPackets() || ++bad > MAX_BAD_PACKETS) {
                    throw new AudioFailure(AudioProcessingException.unreadable("The Ogg audio is corrupt.", e));
                }
            }
        }

        abstract int headerPackets();

        abstract void decode(int index, byte[] data, int length, OggPacketReader.Page page, PcmSink sink) throws IOException;

        static boolean startsWith(byte[] b, int length, String s) {
            if (length < s.length()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                if ((b[i] & 0xFF) != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class VorbisLink extends Link {
        private final Info info = new Info();
        private final Comment comment = new Comment();
        private final Packet packet = new Packet();
        private DspState dsp;
        private Block block;
        private final float[][][] pcm = new float[1][][];
        private int[] index;

        VorbisLink() {
            info.init();
            comment.init();
        }

        @Override
        int headerPackets() {
            return 3;
        }

        @Override
        void decode(int n, byte[] data, int length, OggPacketReader.Page page, PcmSink sink) throws IOException {
            packet.packet_base = data;
            packet.packet = 0;
            packet.bytes = length;
            packet.b_o_s = n == 0 ? 1 : 0;
            packet.e_o_s = 0;
            packet.granulepos = -1;
            packet.packetno = n;
            if (n < 3) {
                if (info.synthesis_headerin(comment, packet) < 0) {
                    throw new AudioFailure(AudioProcessingException.unreadable("The Vorbis headers are corrupt.", null));
                }
                if (n == 2) {
                    if (info.channels <= 0 || info.rate <= 0) {
                        throw new AudioFailure(AudioProcessingException.unreadable("The Vorbis stream has no channels or rate.", null));
                    }
                    dsp = new DspState();
                    dsp.synthesis_init(info);
                    block = new Block(dsp);
                    index = new int[info.channels];
                    sink.rate(info.rate);
                }
                return;
            }
            if (block.synthesis(packet) != 0) {
                bad++;
                return;
            }
            dsp.synthesis_blockin(block);
            // The end-of-stream page's granule is the stream's length: what the last block holds beyond it is padding.
            long limit = page.eos() && page.granule >= 0 ? page.granule : Long.MAX_VALUE;
            int samples;
            while ((samples = dsp.synthesis_pcmout(pcm, index)) > 0) {
                int keep = (int) Math.max(0, Math.min(samples, limit - produced));
                if (keep > 0) {
                    float[][] channels = pcm[0];
                    int c = info.channels;
                    float[] mono = sink.scratch(keep);
                    if (c == 1) {
                        System.arraycopy(channels[0], index[0], mono, 0, keep);
                    } else {
                        float scale = 1f / c;
                        for (int i = 0; i < keep; i++) {
                            float sum = 0;
                            for (int ch = 0; ch < c; ch++) {
                                sum += channels[ch][index[ch] + i];
                            }
                            mono[i] = sum * scale;
                        }
                    }
                    sink.write(mono, keep);
                    produced += keep;
                }
                dsp.synthesis_read(samples);
            }
        }
    }

    private static final class OpusLink extends Link {
        private static final int MAX_FRAME = 5760; // 120 ms at 48 kHz
        private int channels;
        private int preSkip;
        private float gain = 1f;
        private OpusDecoder decoder;
        private OpusMSDecoder multistream;
        private short[] out;
        /** 48 kHz samples decoded, pre-skip included: the granule position's scale. */
        private long position;

        @Override
        int headerPackets() {
            return 2;
        }

        @Override
        void decode(int n, byte[] b, int length, OggPacketReader.Page page, PcmSink sink) throws IOException {
            if (n == 0) {
                head(b, length, sink);
                return;
            }
            if (n == 1) {
                return; // OpusTags
            }
            int samples;
            try {
                samples = multistream != null
                        ? multistream.decodeMultistream(length == 0 ? null : b, 0, length, out, 0, MAX_FRAME, 0)
                        : decoder.decode(length == 0 ? null : b, 0, length, out, 0, MAX_FRAME, false);
            } catch (OpusException e) {
                if (++bad > MAX_BAD_PACKETS) {
                    throw new AudioFailure(AudioProcessingException.unreadable("The Opus stream is corrupt: " + e.getMessage(), e));
                }
                return;
            }
            long limit = page.eos() && page.granule >= 0 ? page.granule : Long.MAX_VALUE;
            int from = (int) Math.max(0, Math.min(samples, preSkip - position));
            int to = (int) Math.max(from, Math.min(samples, limit - position));
            position += samples;
            int keep = to - from;
            if (keep <= 0) {
                return;
            }
            float[] mono = sink.scratch(keep);
            float scale = gain / 32768f / channels;
            for (int i = 0, p = from * channels; i < keep; i++) {
                int sum = 0;
                for (int c = 0; c < channels; c++, p++) {
                    sum += out[p];
                }
                mono[i] = sum * scale;
            }
            sink.write(mono, keep);
            produced += keep;
        }

        private void head(byte[] b, int length, PcmSink sink) throws IOException {
            if (length < 19) {
                throw new AudioFailure(AudioProcessingException.unreadable("The OpusHead header is truncated.", null));
            }
            channels = b[9] & 0xFF;
            preSkip = (b[10] & 0xFF) | (b[11] & 0xFF) << 8;
            int gainQ8 = (short) ((b[16] & 0xFF) | (b[17] & 0xFF) << 8);
            gain = (float) Math.pow(10, gainQ8 / (20.0 * 256));
            int family = b[18] & 0xFF;
            if (channels == 0) {
                throw new AudioFailure(AudioProcessingException.unreadable("The Opus stream has no channels.", null));
            }
            try {
                if (family == 0) {
                    if (channels > 2) {
                        throw new AudioFailure(AudioProcessingException.unreadable("OpusHead: mapping family 0 with more than 2 channels.", null));
                    }
                    decoder = new OpusDecoder(48000, channels);
                } else {
                    if (length < 21 + channels) {
                        throw new AudioFailure(AudioProcessingException.unreadable("The OpusHead channel mapping is truncated.", null));
                    }
                    int streams = b[19] & 0xFF;
                    int coupled = b[20] & 0xFF;
                    short[] mapping = new short[channels];
                    for (int i = 0; i < channels; i++) {
                        mapping[i] = (short) (b[21 + i] & 0xFF);
                    }
                    multistream = OpusMSDecoder.create(48000, channels, streams, coupled, mapping);
                }
            } catch (OpusException e) {
                throw new AudioFailure(AudioProcessingException.unreadable("The Opus stream's layout is invalid: " + e.getMessage(), e));
            }
            out = new short[MAX_FRAME * channels];
            sink.rate(48000);
        }
    }
}
