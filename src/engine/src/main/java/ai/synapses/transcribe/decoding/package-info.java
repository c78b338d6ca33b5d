/**
 * A job's audio, from the customer's URL to 16 kHz mono signed 16-bit little-endian PCM for the recogniser.
 *
 * <pre>{@code
 * try (DownloadedAudio file = downloader.download(job.audioUrl);      // processing.AudioDownloader
 *      DecodedAudio pcm = decoders.decode(file.file(), job.format)) {  // AudioDecoders
 *     recognise(pcm.pcm());                  // raw s16le, 32,000 bytes per second
 *     settle(pcm.durationSeconds());         // exactly samples / 16000
 * } catch (AudioProcessingException e) {
 *     e.retryable() ? retry : fail(e.code(), e.getMessage());
 * }
 * }</pre>
 *
 * <h2>Limits ({@code transcribe.decoding.*}, {@link ai.synapses.transcribe.decoding.DecodingSettings})</h2>
 * <ul>
 *   <li>{@code max-download-bytes} (1 GiB): refused up front from Content-Length, else cut off as soon as the
 *       body passes it: {@code audio_too_large}.</li>
 *   <li>the engine's {@code transcribe.engine.max-duration} (4 h), which the submit applies too: refused from the
 *       headers when they are exact, else as soon as decoding passes it: {@code audio_too_long}.</li>
 *   <li>{@code download-timeout} (15 min), {@code decode-timeout} (20 min): {@code audio_url_timeout},
 *       {@code audio_decode_failed} (both retryable).</li>
 *   <li>{@code temp-dir} (java.io.tmpdir): holds the download and the PCM (115 MB per hour of audio) at once.</li>
 *   <li>{@code ffmpeg-enabled} (true), {@code ffmpeg-path} (unset: {@code ffmpeg} on the PATH).</li>
 * </ul>
 *
 * <h2>Decoders</h2>
 * With ffmpeg: WAV, MP3/MP2, FLAC, Ogg Vorbis, Opus, M4A/AAC (soxr resampler and libopus when the build has
 * them). Without: the same minus M4A/AAC, in pure Java (own RIFF reader, JLayer, jflac, JOrbis, Concentus, own
 * Ogg demuxer and windowed-sinc resampler); {@link ai.synapses.transcribe.decoding.AudioDecoders#decodableFormats()}
 * is what the submit may accept. Both paths are gapless (MP3 LAME delay/padding, Opus pre-skip, Ogg end
 * granule) and agree on the length of every fixture; memory stays flat whatever the length.
 */
package ai.synapses.transcribe.decoding;
