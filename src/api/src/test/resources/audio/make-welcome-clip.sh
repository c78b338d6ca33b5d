#!/usr/bin/env bash
# Makes welcome.wav and welcome.mp3, the spoken clip of the billing tests (TranscribedAudioBillingTest,
# SurchargeTest): their figures (12.5 s of speech, an MP3 whose Xing header is rewritten to understate it)
# depend on this clip's length, so it stays with them. The files are committed (CI has neither tool); run
# this again only to change what it says:   apt-get install -y espeak-ng ffmpeg && ./make-welcome-clip.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
text="Hello and welcome. This is a short sample for the transcription API. \
Please call me back on four one five five five five zero one nine nine. Thank you and goodbye."
espeak-ng -v en-us -s 150 -w "$tmp/voice.wav" "$text"
ffmpeg -loglevel error -y -i "$tmp/voice.wav" -ar 16000 -ac 1 -c:a pcm_s16le "$here/welcome.wav"
ffmpeg -loglevel error -y -i "$tmp/voice.wav" -ar 16000 -ac 1 -c:a libmp3lame -b:a 32k "$here/welcome.mp3"
echo "wrote $here/welcome.wav and $here/welcome.mp3"
