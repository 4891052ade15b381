#!/bin/sh
# CLI tests: exit codes, every kind of bad input, stdin, JSONL streaming,
# and the bundled examples against their expected output and gold.
# Usage: sh tests/cli_test.sh path/to/loom
set -u
LOOM=$1
cd "$(dirname "$0")/.." || exit 1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "  FAIL $*"; }
# expect_rc NAME WANT GOT
expect_rc() { if [ "$3" -eq "$2" ]; then ok; else fail "$1: exit $3, want $2"; fi; }
# expect_in NAME FILE TEXT: FILE contains TEXT
expect_in() { if grep -qF -- "$3" "$2"; then ok; else fail "$1: no '$3' in $(head -c 600 "$2")"; fi; }
expect_not_in() { if grep -qF -- "$3" "$2"; then fail "$1: unexpected '$3'"; else ok; fi; }

# ---- usage and exit codes
"$LOOM" >/dev/null 2>&1; expect_rc "no arguments" 2 $?
"$LOOM" analyze >/dev/null 2>&1; expect_rc "no paths" 2 $?
"$LOOM" analyze --bogus x >/dev/null 2>&1; expect_rc "unknown option" 2 $?
"$LOOM" analyze --max-bytes 0 x >/dev/null 2>&1; expect_rc "bad size" 2 $?
"$LOOM" --version >"$T/v" 2>&1; expect_rc "version" 0 $?
expect_in "version text" "$T/v" "loom "
"$LOOM" --help >"$T/h" 2>&1; expect_rc "help" 0 $?
expect_in "help mentions exit status" "$T/h" "exit status"

# ---- the bad folder: every file is reported, the run goes on
"$LOOM" analyze --json examples/bad >"$T/bad.json" 2>"$T/bad.err"
expect_rc "bad inputs skipped" 1 $?
expect_in "empty file" "$T/bad.err" "empty.txt: empty text; skipped"
expect_in "blank file" "$T/bad.err" "blank.txt: blank text; skipped"
expect_in "binary file" "$T/bad.err" "binary.bin: binary data, not text; skipped"
expect_in "malformed json" "$T/bad.err" "malformed.jsonl:2: malformed JSON"
expect_in "json without text" "$T/bad.err" "malformed.jsonl:3: no \"text\" field"
expect_in "duplicate id" "$T/bad.err" "malformed.jsonl:4: duplicate id"
expect_in "invalid utf-8 counted" "$T/bad.err" "invalid UTF-8 sequence"
expect_in "nul bytes counted" "$T/bad.err" "NUL byte"
expect_in "warnings in json" "$T/bad.json" "\"warnings\": ["
expect_in "valid articles kept" "$T/bad.json" "\"id\":\"invalid-utf8\""
expect_in "nul article kept" "$T/bad.json" "\"id\":\"nul-bytes\""
expect_in "crlf bom article kept" "$T/bad.json" "\"id\":\"crlf-bom\""

# ---- made at run time: over-size, unreadable, missing
head -c 3000 /dev/zero | tr '\0' 'a' >"$T/big.txt"
printf 'Title here\n\nA short body of text.\n' >"$T/small.txt"
"$LOOM" analyze --json --max-bytes 1K "$T/big.txt" "$T/small.txt" >"$T/o" 2>"$T/e"
expect_rc "over-size skipped" 1 $?
expect_in "over-size message" "$T/e" "over the 1024-byte cap"
expect_in "small kept" "$T/o" "\"id\":\"small\""
ln -s "$T/nowhere" "$T/dangling.txt"
"$LOOM" analyze --json "$T/dangling.txt" "$T/missing.txt" "$T/small.txt" >"$T/o" 2>"$T/e"
expect_rc "unreadable skipped" 1 $?
expect_in "dangling link" "$T/e" "dangling.txt: No such file"
expect_in "missing file" "$T/e" "missing.txt: No such file"
awk 'BEGIN { for (i = 0; i < 1100; i++) printf "abcdefghij"; printf "\n" }' >"$T/long.txt"
printf '%s\n' "{\"id\":\"ok\",\"text\":\"fine text here\"}" >"$T/x.jsonl"
"$LOOM" analyze --json --max-bytes 1K "$T/x.jsonl" >"$T/o" 2>"$T/e"
expect_rc "jsonl under cap" 0 $?

# ---- stdin: text and JSONL
"$LOOM" analyze --json - <examples/articles/"$(ls examples/articles | head -n 1)" >"$T/o" 2>"$T/e"
expect_rc "stdin text" 0 $?
expect_in "stdin id" "$T/o" "\"id\":\"stdin\""
printf '%s\n%s\n' '{"id":"a","text":"The council met on Friday and passed the budget for next year after a long debate."}' \
	'{"id":"b","title":"Budget","date":"2024-03-02","text":"The council met on Friday and passed the budget for next year after a long debate."}' |
	"$LOOM" analyze --jsonl - >"$T/o" 2>"$T/e"
expect_rc "stdin jsonl" 0 $?
expect_in "jsonl streams b as copy of a" "$T/o" "\"copy_of\":{\"id\":\"a\",\"kind\":\"exact\""
lines=$(wc -l <"$T/o")
if [ "$lines" -eq 2 ]; then ok; else fail "jsonl lines: $lines"; fi
printf '%s\n' '{"text":"no id given here at all, the tool makes one up."}' '{"id":"d","date":"yesterday","text":"x y z"}' \
	| "$LOOM" analyze --json - >"$T/o" 2>"$T/e"
expect_rc "generated id" 0 $?
expect_in "generated id from line" "$T/o" "\"id\":\"stdin-1\""
expect_in "bad date is warned" "$T/e" "not ISO 8601"
expect_in "bad date left out" "$T/o" "\"id\":\"d\",\"path\":\"stdin\",\"title\":null,\"date\":null"

# ---- review findings, each with its test
mkdir -p "$T/loop/sub"
cp "$T/small.txt" "$T/loop/sub/a.txt"
ln -s .. "$T/loop/sub/up"
ln -s "$T/loop" "$T/loop/self"
"$LOOM" analyze --json "$T/loop" >"$T/o" 2>"$T/e"
expect_rc "symlinked folders are not followed" 0 $?
n=$(grep -c '"id":"a"' "$T/o")
if [ "$n" -eq 1 ]; then ok; else fail "folder link loop read a.txt $n times"; fi
expect_in "folder link warned" "$T/e" "link to a folder; not followed"
if [ -w /dev/full ]; then
	"$LOOM" analyze --jsonl "$T/small.txt" >/dev/full 2>"$T/e"
	expect_rc "jsonl output failure is fatal" 3 $?
	expect_in "jsonl output failure message" "$T/e" "cannot write output"
fi
printf '{"id":" ","text":"A blank id is generated, not fatal."}\n{"id":"u","text":"bad \377 byte"}\n' |
	"$LOOM" analyze --json - >"$T/o" 2>"$T/e"
expect_rc "blank json id" 0 $?
expect_in "blank json id generated" "$T/o" '"id":"doc-1"'
expect_in "jsonl invalid utf-8 warned" "$T/e" "stdin:2: 1 invalid UTF-8 sequence read as U+FFFD"
printf '\n\n  Title of a piped article\n\nBody text of the article read from stdin.\n' |
	"$LOOM" analyze --json - >"$T/o" 2>"$T/e"
expect_rc "stdin text with leading blank lines" 0 $?
expect_in "stdin title after blank lines" "$T/o" '"title":"Title of a piped article"'

# ---- loom cluster: a streaming filter, one line per article
A='{"id":"late","text":"Trains stopped across Kessling on Monday when drivers began a strike over pay, the union said, and talks with the rail operator collapsed late in the evening without a new date.","date":"2024-03-04"}'
B='{"id":"early","text":"Kessling rail strike: Trains stopped across Kessling on Monday when drivers began a strike over pay, the union said, and talks with the rail operator collapsed late in the evening without a new date. More strikes may follow.","date":"2024-03-02"}'
C='{"id":"other","text":"A volcano on the island of Orsay erupted overnight, sending ash over fishing villages and closing the airport until further notice.","date":"2024-03-04"}'
printf '%s\n%s\n%s\n' "$A" "$B" "$C" | "$LOOM" cluster >"$T/cl" 2>"$T/e"
expect_rc "cluster exit" 0 $?
n=$(wc -l <"$T/cl")
if [ "$n" -eq 3 ]; then ok; else fail "cluster wrote $n lines for 3 articles"; fi
expect_in "cluster story field" "$T/cl" '"story":"story-1","storyline":"storyline-1"'
# the earlier-dated article arrives second and becomes the source of the
# first: analyze --jsonl re-sends "late", cluster tells each article once
n=$(grep -c '"id":"late"' "$T/cl")
if [ "$n" -eq 1 ]; then ok; else fail "cluster repeated an article $n times"; fi
s1=$(grep '"id":"late"' "$T/cl" | sed 's/.*"story":"\([^"]*\)".*/\1/')
s2=$(grep '"id":"early"' "$T/cl" | sed 's/.*"story":"\([^"]*\)".*/\1/')
s3=$(grep '"id":"other"' "$T/cl" | sed 's/.*"story":"\([^"]*\)".*/\1/')
if [ "$s1" = "$s2" ] && [ "$s1" != "$s3" ]; then ok; else fail "cluster stories: $s1 $s2 $s3"; fi
"$LOOM" cluster --json </dev/null >/dev/null 2>&1; expect_rc "cluster refuses --json" 2 $?
"$LOOM" cluster --story-days -1 </dev/null >/dev/null 2>&1; expect_rc "cluster bad days" 2 $?
"$LOOM" cluster --story-similarity 1.5 </dev/null >/dev/null 2>&1; expect_rc "cluster bad similarity" 2 $?
# bad input through the filter: warned on stderr, the stream goes on
printf '' | "$LOOM" cluster >"$T/cl" 2>"$T/e"
expect_rc "cluster on empty input" 1 $?
expect_in "cluster empty input warned" "$T/e" "empty text; skipped"
n=$(wc -c <"$T/cl")
if [ "$n" -eq 0 ]; then ok; else fail "cluster wrote $n bytes for empty input"; fi
printf '{"id":"u","text":"bad \377 byte"}\nnot json\n%s\n' "$C" | "$LOOM" cluster >"$T/cl" 2>"$T/e"
expect_rc "cluster skips a bad line" 1 $?
expect_in "cluster invalid utf-8 warned" "$T/e" "stdin:1: 1 invalid UTF-8 sequence"
expect_in "cluster malformed line warned" "$T/e" "stdin:2: malformed JSON"
n=$(wc -l <"$T/cl")
if [ "$n" -eq 2 ]; then ok; else fail "cluster wrote $n lines for 2 good articles"; fi
# each line leaves as soon as its article is read, before the input ends
( printf '%s\n' "$A"; sleep 3; printf '%s\n' "$C" ) | "$LOOM" cluster >"$T/cs" 2>/dev/null &
sleep 1.5
n=$(wc -l <"$T/cs")
if [ "$n" -eq 1 ]; then ok; else fail "cluster did not stream: $n lines after the first article"; fi
wait

# ---- the examples: same output as committed, and the gold holds
"$LOOM" analyze --json examples/ >"$T/ex.json" 2>"$T/ex.err"
rc=$?
if [ "$rc" -le 1 ]; then ok; else fail "examples exit $rc"; fi
if [ -f tests/expected/examples.json ] && cmp -s "$T/ex.json" tests/expected/examples.json; then
	ok
else
	fail "examples output differs from tests/expected/examples.json:"
	diff "$T/ex.json" tests/expected/examples.json 2>&1 | head -n 20
fi
"$LOOM" analyze --report examples/ >"$T/rep" 2>/dev/null
expect_in "report header" "$T/rep" "articles,"
expect_in "report tree" "$T/rep" "Copies, each under the article it was copied from"
# quotes by how many articles carry them, with speaker and first source
expect_in "report quotes" "$T/rep" "Ilse Brünnow, in 7 articles, first in mpa-valdoria-port-strike (2024-03-04)"
# names by how many articles name them; a dateline's capitals are a variant
expect_in "report names" "$T/rep" "place   Havenmoor  (also HAVENMOOR)"
expect_in "report names count" "$T/rep" "87 names: 32 people, 29 organisations, 22 places, 4 other"
# a quote cut for the report where its 100th byte is inside a character
# (two-byte letters from its 98th byte on): the report stays valid UTF-8
long="$(printf 'Ab%.0s' $(seq 1 48))x"
printf 'Dock talks\n\n"%s\303\251\303\251\303\251 and more words here," said Ilse Brunnow.\n' \
	"$long" >"$T/cut.txt"
"$LOOM" analyze --report "$T/cut.txt" >"$T/cutrep" 2>/dev/null
expect_in "report cut quote" "$T/cutrep" "Ilse Brunnow, in 1 article"
if iconv -f UTF-8 -t UTF-8 "$T/cutrep" >/dev/null 2>&1; then ok; else
	fail "report cut a UTF-8 character: $(grep -a '\.\.\.' "$T/cutrep")"; fi
# an article with no quote and no name: no quote or name section
printf 'note\n\nthe meeting was moved to next week.\n' >"$T/plain.txt"
"$LOOM" analyze --report "$T/plain.txt" >"$T/plainrep" 2>/dev/null
expect_rc "report of a plain article" 0 $?
expect_not_in "report without quotes" "$T/plainrep" "quotes, the most quoted first"
expect_not_in "report without names" "$T/plainrep" "the most widely named first"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
