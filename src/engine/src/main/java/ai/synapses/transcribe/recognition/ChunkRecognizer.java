package ai.synapses.transcribe.recognition;

import ai.synapses.transcribe.transcript.Word;

import org.vosk.Model;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Recognises one chunk on a warm recogniser borrowed for it (recognisers are not thread-safe; the
 * model is shared). The chunk is streamed from the file in small buffers so memory does not grow with
 * its length; Vosk finalises a segment at each pause it detects, and those results are collected as
 * they come.
 */
final class ChunkRecognizer {

    /** A quarter of a second: small enough to keep memory flat, large enough that JNA calls cost nothing. */
    static final int BUFFER_BYTES = 8000;

    private final Model model;
    private final RecognizerPool pool;

    ChunkRecognizer(Model model, RecognizerPool pool) {
        this.model = model;
        this.pool = pool;
    }

    List<Word> recognise(Path pcm, PcmChunk chunk) throws IOException {
        WarmRecognizer recognizer = pool.borrow(model);
        try {
            List<Word> words = recognise(recognizer, pcm, chunk);
            pool.giveBack(recognizer);
            return words;
        } catch (IOException | RuntimeException | Error e) {
            pool.discard(recognizer);
            throw e;
        }
    }

    private static List<Word> recognise(WarmRecognizer recognizer, Path pcm, PcmChunk chunk) throws IOException {
        double clock = recognizer.clockSeconds();
        long offset = chunk.startMillis();
        long end = chunk.endMillis();
        List<Word> words = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(pcm, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
            long position = chunk.startByte();
            boolean atEndpoint = false;
            while (position < chunk.endByte()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("recognition of chunk " + chunk.index() + " interrupted");
                }
                int length = fill(channel, buffer, position, chunk.endByte());
                if (length == 0) {
                    break; // the file is shorter than when it was planned
                }
                position += length;
                atEndpoint = recognizer.accept(buffer.array(), length);
                if (atEndpoint) {
                    words.addAll(VoskResults.words(recognizer.result(), clock, offset, end));
                }
            }
            words.addAll(VoskResults.words(recognizer.finish(atEndpoint), clock, offset, end));
        }
        return words;
    }

    /** Reads up to a full buffer; always whole samples, since Vosk drops an odd byte and shifts the rest. */
    private static int fill(FileChannel channel, ByteBuffer buffer, long position, long end) throws IOException {
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), end - position));
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.position() & ~1;
    }
}
