#!/usr/bin/env bash
# Regenerates the audio probe fixtures beside this script and their truth table fixtures.tsv.
# Needs ffmpeg/ffprobe and espeak-ng (apt-get install -y ffmpeg espeak-ng); the tests do not:
# they read the committed files. The source is deterministic (espeak-ng speech, seeded noise,
# a sine), so a rerun with the same tool versions gives the same truth.
#
# Ogg and WebM get -fflags +bitexact: their stream serials/UIDs are random otherwise.
#
# Truth = the DECODED sample count (all streams of a chained Ogg) at the file's native rate (Opus: 48 kHz), not ffprobe's
# duration, which is only recorded for comparison (ffprobe estimates, e.g. MP3 without Xing).
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ff() { ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }

# --- deterministic source: speech with pauses, a little noise, a quiet tone -------------------
espeak-ng -v en-us -s 150 -w "$tmp/speech.wav" \
  "The quick brown fox jumps over the lazy dog. Seven, three, nine. Please transcribe this short clip for the audio probe."
ff -i "$tmp/speech.wav" \
   -f lavfi -i "anoisesrc=color=pink:amplitude=0.006:seed=42:duration=30" \
   -f lavfi -i "sine=frequency=440:duration=30" \
   -filter_complex "[2]volume=0.05[s];[0][1][s]amix=inputs=3:duration=first:normalize=0,aresample=48000" \
   -c:a pcm_s16le "$tmp/src.wav"
cut() { ff -i "$tmp/src.wav" -t "$1" "${@:2}"; }   # cut SECONDS <ffmpeg output args...>

# --- positives --------------------------------------------------------------------------------
cut 1.6 -ar 16000 -ac 1 -c:a pcm_s16le wav-s16-mono-16k.wav
cut 0.3 -ar 44100 -ac 2 -c:a pcm_s16le wav-s16-stereo-44k.wav
cut 1.1 -ar 8000 -ac 1 -c:a pcm_f32le wav-f32-extensible-8k.wav          # bits > 16: WAVE_FORMAT_EXTENSIBLE
cut 0.8 -ar 8000 -ac 2 -c:a pcm_s24le -rf64 always wav-rf64-s24-stereo-8k.wav
cut 0.8 -ar 16000 -ac 1 -c:a pcm_s16le -f wav pipe:1 > wav-streamed-16k.wav  # sizes never patched
cut 4.2 -ar 44100 -ac 1 -c:a libmp3lame -b:a 64k mp3-cbr-64k.mp3           # CBR + Info/LAME tag
cut 5.1 -ar 22050 -ac 1 -c:a libmp3lame -b:a 32k -write_xing 0 mp3-cbr-32k-mpeg2-noxing.mp3
cut 4.1 -ar 44100 -ac 2 -c:a libmp3lame -q:a 5 mp3-vbr-xing.mp3
cut 6.9 -ar 44100 -ac 2 -c:a libmp3lame -q:a 5 -write_xing 0 mp3-vbr-noxing.mp3
cut 3.1 -ar 8000 -ac 1 -c:a libmp3lame -b:a 16k mp3-mpeg25-8k.mp3
# a cover image bigger than the first read, ID3v2.3 and an ID3v1 tail
ff -f lavfi -i "anoisesrc=color=white:seed=5:duration=1" -ar 48000 -f u8 -t 0.54 "$tmp/noise.raw"
ff -f rawvideo -pix_fmt gray -s 160x160 -i "$tmp/noise.raw" -frames:v 1 "$tmp/cover.png"   # ~25 KB: noise does not compress
ff -i "$tmp/src.wav" -i "$tmp/cover.png" -t 4.4 -map 0:a -map 1:v -ar 44100 -ac 1 -c:a libmp3lame -b:a 48k -c:v copy \
  -id3v2_version 3 -write_id3v1 1 -metadata title="Probe fixture" -metadata artist="Synapses" \
  -metadata:s:v title="Album cover" -metadata:s:v comment="Cover (front)" mp3-id3v2-cover.mp3
cut 3.2 -ar 48000 -ac 1 -c:a mp2 -b:a 64k -f mp2 mp2-layer2-48k.mp2
cut 1.5 -ar 16000 -ac 1 -c:a flac flac-16k-mono.flac
cut 0.6 -ar 44100 -ac 2 -c:a flac flac-44k-stereo.flac
cut 1.3 -ar 16000 -ac 1 -c:a flac -f flac pipe:1 > flac-streamed-16k.flac  # STREAMINFO total samples = 0
cut 5.4 -ar 22050 -ac 1 -c:a libvorbis -q:a 0 -fflags +bitexact ogg-vorbis-22k.ogg
cut 3.3 -ar 44100 -ac 2 -c:a libvorbis -q:a 0 -fflags +bitexact ogg-vorbis-44k-stereo.ogg
cut 5.2 -ar 16000 -ac 1 -c:a libopus -b:a 16k -fflags +bitexact opus-16k-mono.opus
cut 3.6 -ar 48000 -ac 2 -c:a libopus -b:a 24k -fflags +bitexact opus-48k-stereo.opus
cut 9.8 -ar 44100 -ac 1 -c:a aac -b:a 40k m4a-aac-moov-at-end.m4a
cut 5.5 -ar 22050 -ac 2 -c:a aac -b:a 32k -movflags +faststart m4a-aac-faststart.m4a
# fragmented, as Safari's MediaRecorder writes: an empty moov, then ~1 s moof+mdat pairs
cut 4.2 -ar 16000 -ac 1 -c:a aac -b:a 24k -movflags +frag_keyframe+empty_moov+default_base_moof \
  -frag_duration 1000000 m4a-aac-fragmented.m4a
cut 6.0 -ar 16000 -ac 1 -c:a aac -b:a 24k -movflags +frag_keyframe+empty_moov m4a-aac-one-fragment.m4a
# chained Ogg: two streams one after the other (radio recordings); only an estimate is possible
cut 2.5 -ar 16000 -ac 1 -c:a libvorbis -q:a 0 -fflags +bitexact "$tmp/link1.ogg"
ff -i "$tmp/src.wav" -ss 2.5 -t 2.0 -ar 16000 -ac 1 -c:a libvorbis -q:a 0 -fflags +bitexact -serial_offset 7 "$tmp/link2.ogg"
cat "$tmp/link1.ogg" "$tmp/link2.ogg" > ogg-vorbis-chained.ogg

# --- negatives: each file name says what the reader must answer --------------------------------
printf 'This is a plain text file, not audio.\nSecond line.\n' > not-audio.txt
printf '<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Not found</body></html>\n' > not-audio.html
ff -f lavfi -i "color=c=red:size=16x16" -frames:v 1 not-audio.png
ff -f lavfi -i "color=c=blue:size=16x16" -frames:v 1 not-audio.jpg
printf '%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n' > not-audio.pdf
: > empty.bin
head -c 40 wav-s16-mono-16k.wav > unreadable-truncated.wav                  # RIFF + fmt, no data chunk
{ printf 'ID3\x03\x00\x00\x00\x00\x00\x20'; head -c 32 /dev/zero; printf 'no mpeg frames follow here, only text'; } > unreadable-id3-no-frames.mp3
cut 0.2 -ar 16000 -ac 1 -c:a pcm_s16be unsupported-aiff.aiff
cut 1.0 -ar 48000 -ac 1 -c:a libopus -b:a 16k -fflags +bitexact unsupported-webm.webm
cut 1.0 -ar 16000 -ac 1 -c:a wmav2 -b:a 32k unsupported-wma.wma
cut 1.0 -ar 16000 -ac 1 -c:a aac -b:a 24k -f adts unsupported-adts.aac
ff -f lavfi -i "testsrc=size=64x48:rate=5:duration=1" -c:v libx264 -pix_fmt yuv420p unsupported-video-only.mp4

# --- truth --------------------------------------------------------------------------------------
probe() { ffprobe -v error -select_streams a:0 -show_entries "stream=$1" -of default=nw=1:nk=1 "$2" | head -1; }
{
  printf 'file\tformat\tcodec\tsample_rate\tchannels\ttrue_duration\tffprobe_duration\testimated\texpect\n'
  row() { # file format codec [rate override] [estimated]
    local f=$1 fmt=$2 codec=$3 rate=${4:-} est=${5:-false} native dec bytes ch
    native=$(probe sample_rate "$f"); ch=$(probe channels "$f")
    [ -n "$rate" ] || rate=$native
    bytes=$(ffmpeg -nostdin -v error -i "$f" -map 0:a:0 -f s16le -ac 1 -ar "$native" - | wc -c)
    dec=$(awk -v b="$bytes" -v r="$native" 'BEGIN{printf "%.6f", b/2/r}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\tok\n' "$f" "$fmt" "$codec" "$rate" "$ch" "$dec" \
      "$(ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$f")" "$est"
  }
  row wav-s16-mono-16k.wav wav pcm_s16le
  row wav-s16-stereo-44k.wav wav pcm_s16le
  row wav-f32-extensible-8k.wav wav pcm_f32le
  row wav-rf64-s24-stereo-8k.wav wav pcm_s24le
  row wav-streamed-16k.wav wav pcm_s16le
  row mp3-cbr-64k.mp3 mp3 mp3
  row mp3-cbr-32k-mpeg2-noxing.mp3 mp3 mp3
  row mp3-vbr-xing.mp3 mp3 mp3
  row mp3-vbr-noxing.mp3 mp3 mp3
  row mp3-mpeg25-8k.mp3 mp3 mp3
  row mp3-id3v2-cover.mp3 mp3 mp3
  row mp2-layer2-48k.mp2 mp3 mp2
  row flac-16k-mono.flac flac flac
  row flac-44k-stereo.flac flac flac
  row flac-streamed-16k.flac flac flac "" true
  row ogg-vorbis-22k.ogg ogg_vorbis vorbis
  row ogg-vorbis-44k-stereo.ogg ogg_vorbis vorbis
  row opus-16k-mono.opus opus opus 16000        # OpusHead input rate; decoded at 48 kHz
  row opus-48k-stereo.opus opus opus 48000
  row m4a-aac-moov-at-end.m4a m4a aac
  row m4a-aac-faststart.m4a m4a aac
  row m4a-aac-fragmented.m4a m4a aac
  row m4a-aac-one-fragment.m4a m4a aac
  row ogg-vorbis-chained.ogg ogg_vorbis vorbis "" true
  for f in not-audio.txt not-audio.html not-audio.png not-audio.jpg not-audio.pdf empty.bin; do
    printf '%s\t-\t-\t-\t-\t-\t-\t-\taudio_not_recognized\n' "$f"; done
  for f in unreadable-truncated.wav unreadable-id3-no-frames.mp3; do
    printf '%s\t-\t-\t-\t-\t-\t-\t-\taudio_unreadable\n' "$f"; done
  for f in unsupported-aiff.aiff unsupported-webm.webm unsupported-wma.wma unsupported-adts.aac unsupported-video-only.mp4; do
    printf '%s\t-\t-\t-\t-\t-\t-\t-\taudio_unsupported_format\n' "$f"; done
} > fixtures.tsv
du -ch -- *.wav *.mp3 *.mp2 *.flac *.ogg *.opus *.m4a *.aac *.aiff *.webm *.wma *.mp4 *.txt *.html *.png *.jpg *.pdf *.bin | tail -1
