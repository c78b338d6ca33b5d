#!/usr/bin/env bash
# Watch a job's progress move: submit a long clip to a running `./mvnw quarkus:dev -pl src/api -am`
# and poll its status every half second, printing status, progress and the estimated completion.
#
#   bench/progress-watch.sh                 # makes samples/long-local.wav (~3 min, from jfk.wav) if absent
#   AUDIO_URL=https://... KEY=sk_... ORG=org_... API=http://localhost:8080 bench/progress-watch.sh
#
# Dev mode serves samples/ on https://localhost:8443/ and lists the folder when it starts: after the
# first run creates samples/long-local.wav, restart quarkus:dev once.
set -euo pipefail
cd "$(dirname "$0")/.."
API="${API:-http://localhost:8080}"
KEY="${KEY:-sk_demo_local_only_0000000000000000}"
ORG="${ORG:-org_demo}"
LONG=samples/long-local.wav
if [[ -z "${AUDIO_URL:-}" ]]; then
  if [[ ! -f "$LONG" ]]; then
    python3 - "$LONG" <<'PY'
import sys, wave
src = wave.open("samples/jfk.wav", "rb")
params, frames = src.getparams(), src.readframes(src.getnframes())
silence = b"\0" * (params.sampwidth * params.nchannels * params.framerate // 2)
out = wave.open(sys.argv[1], "wb")
out.setparams(params)
seconds = 0.0
while seconds < 180:
    out.writeframes(frames + silence)
    seconds += params.nframes / params.framerate + 0.5
out.close()
PY
    echo "made $LONG; restart quarkus:dev so that it serves it, then run this again" >&2
    exit 1
  fi
  AUDIO_URL="https://localhost:8443/long-local.wav"
fi
answer=$(curl -sS "$API/v1/audio/transcribe" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
  -d "{\"organization_id\": \"$ORG\", \"transcription_options\": {\"language\": \"en\", \"audio_url\": \"$AUDIO_URL\"}}")
id=$(sed -n 's/.*"transcription_id":"\([^"]*\)".*/\1/p' <<<"$answer")
[[ -n "$id" ]] || { echo "submit refused: $answer" >&2; exit 1; }
echo "submitted $id"
for _ in $(seq 1 1200); do
  status=$(curl -sS "$API/v1/audio/transcriptions/$id" -H "Authorization: Bearer $KEY")
  state=$(sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' <<<"$status" | head -1)
  progress=$(sed -n 's/.*"progress":\([0-9]*\).*/\1/p' <<<"$status")
  eta=$(sed -n 's/.*"estimated_completion_at":"\([^"]*\)".*/\1/p' <<<"$status")
  printf '%s  %-10s %3s%%  %s\n' "$(date +%T)" "$state" "$progress" "${eta:+estimated completion $eta}"
  [[ "$state" == completed || "$state" == failed || "$state" == cancelled ]] && exit 0
  sleep 0.5
done
