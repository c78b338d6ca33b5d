package ai.synapses.transcribe.audioformat;

import java.io.IOException;

/**
 * The complete, CRC-checked Ogg pages that end a file, walked forward from the first one found in its tail.
 * A page with granule -1 (no packet ends on it) says nothing about length and is passed over.
 *
 * @param last  the last page with a granule position, null when none was found
 * @param first the first page with a granule position of the same stream as {@code last}
 */
record OggTail(Located first, Located last) {

    /** A page and where it ends in the file. */
    record Located(long serial, long granule, long end) {
    }

    static OggTail read(SourceBytes src, long size, int tail) throws IOException {
        long from = Math.max(0, size - tail);
        byte[] b = src.read(from, (int) (size - from));
        Located first = null;
        Located last = null;
        int i = Bin.indexOf(b, "OggS", 0);
        while (i >= 0) {
            OggPage page = OggPage.parse(b, i);
            if (page == null || !page.crcMatches(b)) {
                i = Bin.indexOf(b, "OggS", i + 1); // a false "OggS" inside a packet, or a torn page at the end
                continue;
            }
            if (page.granule() != -1) {
                Located here = new Located(page.serial(), page.granule(), from + i + page.length());
                if (first == null || first.serial() != here.serial()) {
                    first = here;
                }
                last = here;
            }
            i += page.length();
        }
        return new OggTail(first, last);
    }

    /** Bytes per granule (sample) between the first and the last page of the last stream, 0 if unmeasurable. */
    double bytesPerGranuleOfLastStream() {
        if (first == null || last == null || last.granule() <= first.granule()) {
            return 0;
        }
        return (double) (last.end() - first.end()) / (last.granule() - first.granule());
    }
}
