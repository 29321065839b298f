#!/bin/sh
# Score one filled form with curl: ./score.sh http://127.0.0.1:8000 form.json
# Prints the total, the band and the regime's content hash; a refusal prints every problem and exits 1.
set -eu
url="$1"
form="$2"
curl --silent --show-error --fail-with-body \
  -H "Content-Type: application/json" -H "Accept-Language: en" \
  --data-binary "@$form" \
  "$url/v1/regimes/binhthuan-2019/score"
