package ai.synapses.transcribe.audioformat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * M4A/MP4/QuickTime audio. Top-level boxes are walked by their headers, so a moov after the audio is reached
 * without downloading mdat. Duration = the audio track's mdhd duration minus the priming samples its edit
 * list skips, over the track's timescale; rate and channels from the AudioSpecificConfig where there is one.
 */
final class Mp4Parser implements FormatParser {

    private static final int MAX_TOP_LEVEL_BOXES = 4096;
    /** Each top-level box far from the last may cost a round trip; a normal file needs two or three. */
    private static final int MAX_FETCHES = 64;
    /** Cap on the few small boxes read whole (mvhd, tkhd, mdhd, hdlr, elst, stsd, mehd). */
    private static final int SMALL_BOX = 64 * 1024;
    private static final long UNKNOWN_32 = 0xFFFF_FFFFL;

    /** @param trexDurations default sample duration per track ID, for fragments that do not repeat it */
    private record Movie(long timescale, long fragmentDuration, Map<Long, Long> trexDurations, List<Mp4Track> tracks) {
    }

    @Override
    public AudioMetadata parse(SourceBytes src, long start) throws AudioFormatException, IOException {
        long size = src.size();
        long limit = size >= 0 ? size : Long.MAX_VALUE;
        Movie movie = null;
        long pos = start;
        for (int i = 0; i < MAX_TOP_LEVEL_BOXES && movie == null; i++) {
            if (src.fetches() > MAX_FETCHES) {
                throw AudioFormatException.unreadable("The MP4 file's index (moov) was not found within "
                        + MAX_FETCHES + " reads: the file is corrupt or laid out in too many pieces.");
            }
            Mp4Box box = Mp4Box.read(src, pos, limit);
            if (box == null) {
                break;
            }
            if (box.type().equals("moov")) {
                movie = movie(src, box);
            }
            pos = box.end();
        }
        if (movie == null) {
            throw AudioFormatException.unreadable(
                    "The MP4 file has no moov box (its index): it is truncated or was not finalised.");
        }
        Mp4Track track = audioTrack(movie.tracks());
        String codec = codec(track);
        double seconds = seconds(src, track, movie);
        int rate = track.config() != null ? track.config().sampleRate()
                : track.entryRate() > 0 ? track.entryRate() : (int) track.timescale();
        int channels = track.config() != null && track.config().channels() > 0 ? track.config().channels()
                : track.entryChannels();
        if (rate <= 0 || channels <= 0) {
            throw AudioFormatException.unreadable("The M4A audio track gives no sample rate or no channel count.");
        }
        int kbps = track.avgBitrate() > 0 ? (int) Math.round(track.avgBitrate() / 1000.0)
                : AudioMetadata.averageKbps(size, seconds);
        return new AudioMetadata(AudioMetadata.M4A, codec, seconds, rate, channels, size, false, kbps);
    }

    private static double seconds(SourceBytes src, Mp4Track track, Movie movie)
            throws AudioFormatException, IOException {
        if (track.timescale() <= 0) {
            throw AudioFormatException.unreadable("The M4A audio track has no timescale: the file is corrupt.");
        }
        long duration = track.mediaDuration();
        if (duration == 0 || duration == UNKNOWN_32 || duration == -1) {
            // Fragmented MP4: the moov holds no samples; they are described by moof boxes after it.
            duration = Mp4Fragments.trackEnd(src, src.size(), track.trackId(),
                    movie.trexDurations().getOrDefault(track.trackId(), 0L));
            if (duration <= 0 && movie.fragmentDuration() > 0 && movie.timescale() > 0) {
                return (double) movie.fragmentDuration() / movie.timescale();
            }
            if (duration <= 0) {
                throw AudioFormatException.unsupported("Fragmented MP4 whose length cannot be read from its index "
                        + "or its last fragment is not supported; send a regular M4A file.");
            }
        }
        long samples = duration - (track.mediaStart() > 0 && track.mediaStart() < duration ? track.mediaStart() : 0);
        return (double) samples / track.timescale();
    }

    private static Mp4Track audioTrack(List<Mp4Track> tracks) throws AudioFormatException {
        Mp4Track sound = null;
        for (Mp4Track t : tracks) {
            if (t.handler().equals("soun") && (sound == null || (t.enabled() && !sound.enabled()))) {
                sound = t;
            }
        }
        if (sound != null) {
            return sound;
        }
        if (tracks.stream().anyMatch(t -> t.handler().equals("vide"))) {
            throw AudioFormatException.unsupported("The MP4 file is video without an audio track.");
        }
        throw AudioFormatException.unreadable("The MP4 file has no audio track.");
    }

    private static String codec(Mp4Track track) throws AudioFormatException {
        String entry = track.sampleEntry();
        String codec = switch (entry) {
            case "mp4a" -> switch (track.objectType()) {
                case 0, 0x40, 0x66, 0x67, 0x68 -> "aac"; // 0: an old QuickTime entry without esds
                case 0x69, 0x6B -> "mp3";
                default -> null;
            };
            case "alac" -> "alac";
            case "fLaC" -> "flac";
            case "Opus" -> "opus";
            default -> null;
        };
        if (codec == null) {
            String what = switch (entry) {
                case "samr", "sawb" -> "AMR audio";
                case "ac-3", "ec-3" -> "Dolby Digital audio";
                case "mp4a" -> String.format("audio object type 0x%02X", track.objectType());
                default -> "audio codec '" + entry.strip() + "'";
            };
            throw AudioFormatException.unsupported("M4A/MP4 with " + what
                    + " is not supported; AAC, ALAC, MP3, FLAC and Opus in MP4 are.");
        }
        return codec;
    }

    private static Movie movie(SourceBytes src, Mp4Box moov) throws AudioFormatException, IOException {
        long timescale = 0;
        long fragmentDuration = 0;
        Map<Long, Long> trexDurations = new HashMap<>();
        List<Mp4Track> tracks = new ArrayList<>();
        for (Mp4Box box : moov.children(src, 0)) {
            switch (box.type()) {
                case "mvhd" -> timescale = Mp4Fields.timescaleAndDuration(box.body(src, SMALL_BOX))[0];
                case "trak" -> tracks.add(track(src, box));
                case "mvex" -> {
                    for (Mp4Box child : box.children(src, 0)) {
                        byte[] b = child.body(src, SMALL_BOX);
                        if (child.type().equals("mehd")) {
                            fragmentDuration = b.length >= 12 && b[0] == 1 ? Bin.u64be(b, 4)
                                    : b.length >= 8 ? Bin.u32be(b, 4) : 0;
                        } else if (child.type().equals("trex") && b.length >= 16) {
                            trexDurations.put(Bin.u32be(b, 4), Bin.u32be(b, 12));
                        }
                    }
                }
                default -> {
                    // udta, meta, iods, ...: not needed
                }
            }
        }
        return new Movie(timescale, fragmentDuration, trexDurations, tracks);
    }

    private static Mp4Track track(SourceBytes src, Mp4Box trak) throws AudioFormatException, IOException {
        Mp4Track.Builder t = new Mp4Track.Builder();
        for (Mp4Box box : trak.children(src, 0)) {
            switch (box.type()) {
                case "tkhd" -> {
                    byte[] b = box.body(src, 24);
                    t.enabled = b.length >= 4 && (b[3] & 1) != 0;
                    int id = b.length >= 1 && b[0] == 1 ? 20 : 12; // after 64-bit or 32-bit creation/modification times
                    t.trackId = b.length >= id + 4 ? Bin.u32be(b, id) : 0;
                }
                case "edts" -> {
                    Mp4Box elst = box.child(src, "elst");
                    if (elst != null) {
                        t.mediaStart = Mp4Fields.firstEditMediaTime(elst.body(src, SMALL_BOX));
                    }
                }
                case "mdia" -> media(src, box, t);
                default -> {
                    // tref, udta, ...
                }
            }
        }
        return t.build();
    }

    private static void media(SourceBytes src, Mp4Box mdia, Mp4Track.Builder t) throws AudioFormatException, IOException {
        for (Mp4Box box : mdia.children(src, 0)) {
            switch (box.type()) {
                case "mdhd" -> {
                    long[] td = Mp4Fields.timescaleAndDuration(box.body(src, SMALL_BOX));
                    t.timescale = td[0];
                    t.mediaDuration = td[1];
                }
                case "hdlr" -> {
                    byte[] b = box.body(src, 12);
                    t.handler = Bin.ascii(b, 8, 4);
                }
                case "minf" -> {
                    Mp4Box stbl = box.child(src, "stbl");
                    Mp4Box stsd = stbl == null ? null : stbl.child(src, "stsd");
                    if (stsd != null) {
                        Mp4Fields.sampleEntry(stsd.body(src, SMALL_BOX), t);
                    }
                }
                default -> {
                }
            }
        }
    }
}
