package ai.synapses.transcribe.decoding;

import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Native FLAC with jflac, frame by frame: 4-32 bit, any channel count, streamed files (no total) included. */
final class FlacStreamDecoder implements JavaDecoder.StreamDecoder {

    @Override
    public void decode(InputStream in, PcmSink sink) throws IOException, AudioProcessingException {
        FLACDecoder decoder = new FLACDecoder(in);
        StreamInfo info;
        try {
            decoder.readMetadata();
            info = decoder.getStreamInfo();
        } catch (IOException | RuntimeException e) {
            throw AudioProcessingException.unreadable("The FLAC headers are corrupt: " + e.getMessage(), e);
        }
        if (info == null || info.getSampleRate() <= 0 || info.getChannels() <= 0) {
            throw AudioProcessingException.unreadable("The FLAC file has no valid STREAMINFO block.", null);
        }
        int rate = 0;
        long produced = 0;
        long total = info.getTotalSamples();
        while (true) {
            Frame frame;
            try {
                frame = decoder.readNextFrame();
            } catch (EOFException e) {
                break;
            } catch (IOException | RuntimeException e) {
                if (produced > 0) {
                    break; // truncated or corrupt tail: keep what decoded
                }
                throw AudioProcessingException.unreadable("The FLAC stream is corrupt: " + e.getMessage(), e);
            }
            if (frame == null) {
                break;
            }
            int frameRate = frame.header.sampleRate > 0 ? frame.header.sampleRate : info.getSampleRate();
            if (frameRate != rate) {
                rate = frameRate;
                sink.rate(rate);
            }
            int channels = frame.header.channels;
            int bits = frame.header.bitsPerSample > 0 ? frame.header.bitsPerSample : info.getBitsPerSample();
            int n = frame.header.blockSize;
            if (total > 0 && produced + n > total) {
                n = (int) Math.max(0, total - produced);
            }
            ChannelData[] data = decoder.getChannelData();
            float scale = (float) (1.0 / (double) (1L << (bits - 1)) / channels);
            float[] mono = sink.scratch(n);
            for (int i = 0; i < n; i++) {
                long sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += data[c].getOutput()[i];
                }
                mono[i] = sum * scale;
            }
            sink.write(mono, n);
            produced += n;
        }
        if (produced == 0) {
            throw AudioProcessingException.unreadable("The FLAC file holds no decodable audio frames.", null);
        }
    }
}
