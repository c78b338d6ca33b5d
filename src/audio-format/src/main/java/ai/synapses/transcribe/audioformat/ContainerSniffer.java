package ai.synapses.transcribe.audioformat;

import java.io.IOException;

/**
 * Says which container a file is from its first bytes, or why we will not take it: a known audio or video
 * container we do not support, or something that is not audio at all (named when we can tell, so that a
 * customer who sent the URL of a web page or an image learns that).
 */
final class ContainerSniffer {

    enum Container { WAV, MP3, FLAC, OGG, MP4 }

    /** @param start where the container begins: after any ID3v2 tags, otherwise 0 */
    record Sniffed(Container container, long start) {
    }

    private static final int TS_PACKET = 188;

    private ContainerSniffer() {
    }

    static Sniffed sniff(SourceBytes src) throws AudioFormatException, IOException {
        byte[] h = src.read(0, SourceBytes.HEAD);
        if (h.length == 0) {
            throw AudioFormatException.notRecognized("The file is empty.");
        }
        if (Id3v2.tagLength(h) > 0) {
            // ID3v2 tags mostly precede MP3, sometimes FLAC or raw AAC; what follows must then say which.
            long start = Id3v2.skip(src, 0);
            byte[] after = src.read(start, SourceBytes.HEAD); // cached by the skip
            if (Bin.startsWith(after, 0, "fLaC")) {
                return new Sniffed(Container.FLAC, start);
            }
            refuseOtherContainers(after);
            return new Sniffed(Container.MP3, start);
        }
        Container known = byMagic(h);
        if (known != null) {
            return new Sniffed(known, 0);
        }
        refuseOtherContainers(h);
        if (Mp3Frames.find(h, 0, 1, null) == 0) {
            return new Sniffed(Container.MP3, 0);
        }
        refuseNonAudio(h);
        // Raw MPEG audio after some junk: accepted only on a long run of agreeing frames.
        if (Mp3Frames.find(h, 0, 3, null) >= 0) {
            return new Sniffed(Container.MP3, 0);
        }
        throw AudioFormatException.notRecognized("The file is not in an audio format we recognise.");
    }

    private static Container byMagic(byte[] h) throws AudioFormatException {
        if ((Bin.startsWith(h, 0, "RIFF") || Bin.startsWith(h, 0, "RF64") || Bin.startsWith(h, 0, "BW64"))
                && Bin.startsWith(h, 8, "WAVE")) {
            return Container.WAV;
        }
        if (Bin.startsWith(h, 0, "fLaC")) {
            return Container.FLAC;
        }
        if (Bin.startsWith(h, 0, "OggS")) {
            return Container.OGG;
        }
        if (Bin.startsWith(h, 4, "ftyp")) {
            String brand = Bin.ascii(h, 8, 4);
            if (brand.matches("heic|heix|hevc|mif1|msf1|avif|avis|crx ")) {
                throw AudioFormatException.notRecognized("The file is an image (HEIF/AVIF), not audio.");
            }
            return Container.MP4;
        }
        String first = Bin.ascii(h, 4, 4);
        if (first.matches("moov|mdat|wide|free|skip|pnot") && Bin.u32be(h, 0) >= 8) {
            return Container.MP4; // QuickTime files from before ftyp existed
        }
        return null;
    }

    private static void refuseOtherContainers(byte[] h) throws AudioFormatException {
        String what = null;
        if (Bin.startsWith(h, 0, "FORM") && (Bin.startsWith(h, 8, "AIFF") || Bin.startsWith(h, 8, "AIFC"))) {
            what = "AIFF";
        } else if (Bin.startsWith(h, 0, "RIFF") && Bin.startsWith(h, 8, "AVI ")) {
            what = "AVI video";
        } else if (Bin.startsWith(h, 0, "RIFX")) {
            what = "Big-endian WAV (RIFX)";
        } else if (h.length >= 8 && Bin.u32be(h, 0) == 0x3026B275L && Bin.u32be(h, 4) == 0x8E66CF11L) {
            what = "Windows Media (WMA/WMV/ASF)";
        } else if (h.length >= 4 && Bin.u32be(h, 0) == 0x1A45DFA3L) {
            what = Bin.indexOf(h, "webm", 0) >= 0 && Bin.indexOf(h, "webm", 0) < 64 ? "WebM" : "Matroska (MKV/MKA)";
        } else if (Bin.startsWith(h, 0, "#!AMR")) {
            what = "AMR";
        } else if (Bin.startsWith(h, 0, "caff")) {
            what = "Core Audio (CAF)";
        } else if (Bin.startsWith(h, 0, ".snd")) {
            what = "Sun/NeXT audio (AU)";
        } else if (Bin.startsWith(h, 0, "MThd")) {
            what = "MIDI";
        } else if (Bin.startsWith(h, 0, "MAC ")) {
            what = "Monkey's Audio (APE)";
        } else if (Bin.startsWith(h, 0, "wvpk")) {
            what = "WavPack";
        } else if (Bin.startsWith(h, 0, "DSD ") || Bin.startsWith(h, 0, "FRM8")) {
            what = "DSD audio";
        } else if (Bin.startsWith(h, 0, "MPCK") || Bin.startsWith(h, 0, "MP+")) {
            what = "Musepack";
        } else if (Bin.startsWith(h, 0, "TTA1")) {
            what = "True Audio (TTA)";
        } else if (Bin.startsWith(h, 0, "FLV\u0001")) {
            what = "Flash video (FLV)";
        } else if (h.length >= 4 && Bin.u32be(h, 0) == 0x000001BAL) {
            what = "MPEG program stream video";
        } else if (h.length > 2 * TS_PACKET && h[0] == 0x47 && h[TS_PACKET] == 0x47 && h[2 * TS_PACKET] == 0x47) {
            what = "MPEG transport stream";
        } else if (h.length >= 2 && Bin.u8(h, 0) == 0xFF && (Bin.u8(h, 1) & 0xF6) == 0xF0) {
            what = "Raw AAC (ADTS)"; // MP3's sync, but with the layer bits MPEG audio never uses
        }
        if (what != null) {
            throw AudioFormatException.unsupported(what + " is not supported; send WAV, MP3, FLAC, Ogg Vorbis, "
                    + "Opus or M4A/AAC.");
        }
    }

    private static void refuseNonAudio(byte[] h) throws AudioFormatException {
        String what = null;
        if (Bin.startsWith(h, 0, "\u0089PNG")) {
            what = "a PNG image";
        } else if (h.length >= 3 && Bin.u8(h, 0) == 0xFF && Bin.u8(h, 1) == 0xD8 && Bin.u8(h, 2) == 0xFF) {
            what = "a JPEG image";
        } else if (Bin.startsWith(h, 0, "GIF8")) {
            what = "a GIF image";
        } else if (Bin.startsWith(h, 0, "RIFF") && Bin.startsWith(h, 8, "WEBP")) {
            what = "a WebP image";
        } else if (Bin.startsWith(h, 0, "%PDF")) {
            what = "a PDF document";
        } else if (Bin.startsWith(h, 0, "PK\u0003\u0004")) {
            what = "a ZIP archive (or an office document)";
        } else if (looksLikeMarkup(h)) {
            what = "an HTML or XML page";
        } else if (looksLikeText(h)) {
            what = "text";
        }
        if (what != null) {
            throw AudioFormatException.notRecognized("The file is " + what + ", not audio.");
        }
    }

    private static boolean looksLikeMarkup(byte[] h) {
        int i = Bin.startsWith(h, 0, "\u00EF\u00BB\u00BF") ? 3 : 0; // UTF-8 byte order mark
        while (i < h.length && Character.isWhitespace(h[i])) {
            i++;
        }
        return i < h.length && h[i] == '<';
    }

    /** No control bytes other than whitespace in the first bytes: text in any ASCII-compatible encoding. */
    private static boolean looksLikeText(byte[] h) {
        int n = Math.min(h.length, 1024);
        for (int i = 0; i < n; i++) {
            int c = h[i] & 0xFF;
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') {
                return false;
            }
        }
        return true;
    }
}
