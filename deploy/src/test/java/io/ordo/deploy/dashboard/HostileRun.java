package io.ordo.deploy.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A run directory whose every run-derived string carries markup: the directory's own name, its
 * {@code config.conf}, a checkpoint file name, and string values in {@code metrics.jsonl} lines
 * (plus a line that is not JSON). The dashboard must show all of it as text.
 */
final class HostileRun {
    /** Markup that runs script when parsed as HTML (each sets a flag the browser test reads, or alerts). */
    static final String IMG = "<img src=x onerror=alert(1)>";
    static final String SCRIPT = "</script><script>window.pwned=1</script>";
    static final String FLAG_IMG = "<img src=x onerror=\"window.pwned=2\">";
    /** Every payload, for "none of these appears unescaped" checks. */
    static final List<String> PAYLOADS = List.of(IMG, SCRIPT, FLAG_IMG);

    private HostileRun() {
    }

    /** Writes the run under {@code parent}; returns its directory (named with markup). */
    static Path create(Path parent) throws IOException {
        Path run = Files.createDirectories(parent.resolve(IMG));
        Files.writeString(run.resolve("config.conf"), "ordo.job {\n  task = \"" + SCRIPT + "\"\n  note = \"" + FLAG_IMG
                + "\"\n}\n");
        Files.createDirectories(run.resolve("checkpoints"));
        Files.write(run.resolve("checkpoints").resolve(IMG + ".ckpt"), new byte[1024]);
        Files.writeString(run.resolve("metrics.jsonl"), String.join("\n",
                "{\"kind\":\"train\",\"step\":1,\"loss\":3.0,\"ntp\":3.0,\"top\":0,\"mtp\":0,\"lr\":0.001,\"grad_norm\":1.0,"
                        + "\"tokens_per_second\":100.0,\"note\":\"" + SCRIPT + "\"}",
                "not json " + IMG,
                "{\"kind\":\"train\",\"step\":2,\"loss\":2.5,\"ntp\":2.5,\"top\":0,\"mtp\":0,\"lr\":0.001,\"grad_norm\":1.0,"
                        + "\"tokens_per_second\":100.0}",
                "{\"kind\":\"eval\",\"step\":2,\"loss\":2.4,\"ntp\":2.4,\"top\":0,\"mtp\":0,\"accuracy\":0.5,"
                        + "\"examples\":\"" + FLAG_IMG.replace("\"", "\\\"") + "\"}",
                "{\"kind\":\"checkpoint\",\"step\":2,\"file\":\"" + run.resolve("checkpoints") + "/" + IMG + ".ckpt\","
                        + "\"write_seconds\":0.01}",
                "") + "\n");
        return run;
    }
}
