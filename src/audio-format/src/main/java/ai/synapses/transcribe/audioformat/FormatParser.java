package ai.synapses.transcribe.audioformat;

import java.io.IOException;

/** Measures one container, once the sniffer has said which. */
sealed interface FormatParser permits WavParser, Mp3Parser, FlacParser, OggParser, Mp4Parser {

    /**
     * @param start where the container begins: 0, or the end of the ID3v2 tags in front of an MP3 or FLAC
     */
    AudioMetadata parse(SourceBytes src, long start) throws AudioFormatException, IOException;
}
