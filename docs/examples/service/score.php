<?php
// Score one filled form without a server, as a PHP portal (NukeViet) would: php score.php form.json
// `itcriteria score --json` reads the request on stdin and writes the same JSON the HTTP API answers;
// exit code 0 is a scorecard, 1 a refusal listing every problem.
$form = file_get_contents($argv[1]);
$process = proc_open(
    ["itcriteria", "score", "--json", "--regime", "binhthuan-2019", "--lang", "en"],
    [0 => ["pipe", "r"], 1 => ["pipe", "w"], 2 => ["pipe", "w"]],
    $pipes
);
fwrite($pipes[0], $form);
fclose($pipes[0]);
$answer = json_decode(stream_get_contents($pipes[1]), true);
fclose($pipes[1]);
fclose($pipes[2]);
$code = proc_close($process);
if ($code !== 0) {
    foreach ($answer["error"]["problems"] as $problem) {
        fwrite(STDERR, ($problem["criterion"] ?? "-") . " " . ($problem["field"] ?? "-") . ": " . $problem["message"] . "\n");
    }
    exit(1);
}
$card = $answer["scorecard"];
echo $card["unit"]["id"] . ": " . $card["total"] . " / " . $card["max_total"] . "\n";
echo "scored by " . $answer["contract"]["regime"]["plugin"] . ", " . $answer["contract"]["regime"]["content_hash"] . "\n";
