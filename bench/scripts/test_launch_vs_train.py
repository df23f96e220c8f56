"""Unit tests of launch_vs_train.py (no ordo runs): python3 -m unittest discover -s bench/scripts"""
import contextlib
import io
import json
import math
import socket
import tempfile
import unittest
from pathlib import Path

import launch_vs_train as lvt


class LaunchVsTrainTest(unittest.TestCase):

    def test_should_parse_defaults_and_job_args_after_double_dash(self):
        a = lvt.parse_args(["--steps", "50", "--rounds", "2", "--", "--objective", "ntp"])
        self.assertEqual((50, 2, 42), (a.steps, a.rounds, a.seed))
        self.assertEqual(["train-w1", "train-w2", "launch-n2"], a.modes)
        self.assertEqual(["--objective", "ntp"], a.job_args)
        self.assertEqual(300, lvt.parse_args([]).steps)

    def test_should_refuse_unknown_modes(self):
        with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
            lvt.parse_args(["--modes", "train-w1,launch-n3"])

    def test_should_give_train_the_seed_and_launch_free_ports_and_the_seed_as_a_property(self):
        a = lvt.parse_args(["--steps", "7", "--seed", "3"])
        train, _ = lvt.command("train-w2", a, Path("/tmp/o"))
        self.assertEqual(["train", "--workers", "2", "--seed", "3", "--steps", "7", "--http-port", "-1", "--out", "/tmp/o"],
                         train[1:])
        launch, env = lvt.command("launch-n2", a, Path("/tmp/o"))
        self.assertEqual(["launch", "--standalone", "--nnodes", "2"], launch[1:5])
        self.assertTrue(env["JAVA_OPTS"].endswith("-Dordo.job.seed=3"))
        seed = launch[launch.index("--seed") + 1]
        self.assertTrue(seed.startswith("127.0.0.1:") and int(seed.split(":")[1]) > 0)
        aeron = int(launch[launch.index("--aeron-port") + 1])
        for port in (aeron, aeron + 1):      # node i uses aeron + i
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.bind(("127.0.0.1", port))
        self.assertIn("-1", launch[launch.index("--http-port") + 1])

    def test_should_take_the_median_rate_without_the_first_line_and_the_last_eval(self):
        lines = [dict(kind="train", step=10, tokens_per_second=100.0),
                 dict(kind="train", step=20, tokens_per_second=1000.0),
                 dict(kind="eval", step=20, loss=2.0, accuracy=0.1),
                 dict(kind="checkpoint", step=30),
                 dict(kind="train", step=30, tokens_per_second=3000.0),
                 dict(kind="train", step=40, tokens_per_second=2000.0),
                 dict(kind="eval", step=40, loss=1.5, accuracy=0.25)]
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "metrics.jsonl"
            p.write_text("".join(json.dumps(m) + "\n" for m in lines))
            tps, n, ev, last = lvt.read_metrics(p)
        self.assertEqual((2000.0, 4, 40), (tps, n, last))
        self.assertEqual((1.5, 0.25), (ev["loss"], ev["accuracy"]))

    def test_should_report_the_per_round_ratio_of_launch_to_train_w2(self):
        a = lvt.parse_args(["--rounds", "2"])

        def r(rnd, mode, tps, wall):
            return dict(round=rnd, mode=mode, ok=True, tokens_per_s=tps, wall_s=wall, eval_loss=1.0, exact_match=0.5)
        results = [r(0, "train-w2", 1000.0, 10.0), r(0, "launch-n2", 900.0, 20.0), r(0, "train-w1", 600.0, 12.0),
                   r(1, "train-w2", 1000.0, 10.0), r(1, "launch-n2", 1000.0, 12.5),
                   dict(round=1, mode="train-w1", ok=False, wall_s=1.0)]
        text = lvt.summary(results, a)
        self.assertIn("| train-w1 | 1/2 | 12.0 | 600 | 1.0000 | 50.0% |", text)
        self.assertIn("launch-n2 / train-w2 tokens/s: **0.950x** (median of 2 per-round ratios, range 0.900..1.000", text)
        self.assertIn("train-w2 wall / launch-n2 wall: 0.650x (range 0.500..0.800)", text)
        self.assertTrue(math.isnan(lvt.med([None, math.nan])))


if __name__ == "__main__":
    unittest.main()
