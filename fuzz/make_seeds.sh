#!/usr/bin/env bash
# Writes the seed corpora (fuzz/seeds/TARGET/) from tests/dispatches,
# tests/fixtures and a few small hand-made inputs. Each seed starts with
# the mode byte its target reads first (see fuzz_targets/*.rs).
set -euo pipefail
cd "$(dirname "$0")"
root=..
rm -rf seeds
mkdir -p seeds/{text_input,analysis,project,overlay_csv,gazetteer_file,lang_model_file,jsonl_line}
seed() { # target name mode-byte-as-octal file-or-string...
    local target=$1 name=$2 mode=$3
    shift 3
    { printf "\\$mode"; cat "$@"; } > "seeds/$target/$name"
}
for f in "$root"/tests/dispatches/*.txt; do
    b=$(basename "$f" .txt)
    seed text_input "$b.txt" 000 "$f"
    # Analysis: first byte odd = a given date (bytes 2-3: days after 1900-01-01).
    { printf '\001\102\235'; cat "$f"; } > "seeds/analysis/$b.dated"
    { printf '\000\000\000'; cat "$f"; } > "seeds/analysis/$b.detect"
done
seed text_input dispatch.html 001 "$root/tests/fixtures/text/dispatch.html"
seed text_input dispatch.md 002 "$root/tests/fixtures/text/dispatch.md"
seed text_input cp1252.txt 000 "$root/tests/fixtures/text/cp1252.txt"
printf '\000\377\376D\000a\000m\000a\000s\000c\000u\000s\000' > seeds/text_input/utf16le.txt
printf '\001<html><head><meta property="article:published_time" content="2019-07-02"><title>T</title><script>x<y</script></head><body><p>Envoys met in &quot;Doha&quot; &amp; <b>Geneva</b>.</p><!-- c --></body></html>' > seeds/text_input/meta.html
printf '\002---\ntitle: Talks\ndate: 2019-07-02\n---\n# Heading\n\n> quote *in* Aleppo\n\n- [link](http://x) `code`\n\n```\nfence\n```\n' > seeds/text_input/front.md

# Projects: a small saved session, an old one, a future one.
cat > seeds/project/small.sitrep.json <<'J'
{"version":1,"dispatches":[{"name":"a.txt","text":"Shelling hit Aleppo on Monday.","meta_date":"2016-03-24","user_date":null,"corrections":[],"warnings":["invalid UTF-8: 1 byte sequence(s) replaced"]}],"active":0,"dark":true}
J
printf '{"version":99,"dispatches":[]}' > seeds/project/future.json
printf '{"dispatches":[{"name":"b","text":"x"}],"active":5}' > seeds/project/defaults.json

printf 'name,lat,lon,country,admin1,population,aliases,geonameid,note\nCamp Nord,34.25,37.25,SY,Homs,1200,"Nord Camp;Camp N",,field base\n,1,2\nBad,999,x,SYR\n' > seeds/overlay_csv/full.csv
printf '\357\273\277name;lat;lon\r\nQaryatayn Nord;34.2;37.2\r\n' > seeds/overlay_csv/bom_crlf.csv
printf 'geonameid,aliases\n163808,Tadmor;Tudmur\n99999999,Nowhere\n' > seeds/overlay_csv/aliases.csv

printf '\000SITREPGZ\001\000\000\000\002\000\000\000\006\000\000\000' > seeds/gazetteer_file/header.bin
printf '\001\020\000\377\100\000\001' > seeds/gazetteer_file/patch.bin
printf '\002Ar Raqqah|35.95|39.01|SY|Raqqa|Rakka\nSyria|34.8|39.0|SY|Syrian\nHoms|34.7|36.7|SY\n' > seeds/gazetteer_file/built.txt

printf '\000SITREPLM' > seeds/lang_model_file/magic.bin
printf '\001\004\000meta\002\000ab\000\000\000\000\000\000\000\000' > seeds/lang_model_file/sections.bin

printf '\000{"id":"a","text":"Government forces shelled Palmyra on Tuesday.","date":"2016-03-24"}' > seeds/jsonl_line/doc.jsonl
printf '\001{"id":7,"text":"Talks in Geneva resumed on Wednesday; fighting near Aleppo killed 12.","date":null}' > seeds/jsonl_line/events.jsonl
printf '\000{"id":"b","text":3}' > seeds/jsonl_line/bad_text.jsonl
printf '\000{"text":"x","date":"2016-13-99T00"}' > seeds/jsonl_line/bad_date.jsonl
printf '\000[1,2' > seeds/jsonl_line/not_json.jsonl
du -sh seeds; find seeds -type f | wc -l
