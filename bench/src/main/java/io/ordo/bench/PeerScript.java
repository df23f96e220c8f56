package io.ordo.bench;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the PyTorch peer script. The default, {@value #DEFAULT}, is relative to the repository
 * root; the bench is usually started there ({@code java -jar bench/target/ordo-bench.jar}), but a
 * relative path that is not found under the working directory is also looked up under the working
 * directory's ancestors and under the ancestors of the bench's own jar (or classes directory), so
 * the default works from {@code bench/} or any other directory of the checkout, and a worktree
 * finds its own copy.
 */
final class PeerScript {
    /** The peer in this repository, relative to its root. */
    static final String DEFAULT = "bench/peer/torch_gpt.py";

    private PeerScript() {
    }

    /** {@code given} resolved against the working directory and the bench's location; unchanged when nowhere found. */
    static Path resolve(Path given) {
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        codeLocation().ifPresent(starts::add);
        return resolve(given, starts);
    }

    /**
     * The first existing file among {@code given} (absolute, or relative to the working directory)
     * and {@code given} under each start directory and its ancestors, nearest first; {@code given}
     * itself when none exists (the caller reports it missing).
     */
    static Path resolve(Path given, List<Path> starts) {
        if (Files.isRegularFile(given) || given.isAbsolute()) {
            return given;
        }
        for (Path start : starts) {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Path candidate = dir.resolve(given);
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return given;
    }

    /** The directory holding the bench's jar (bench/target) or its classes directory, when known. */
    private static Optional<Path> codeLocation() {
        try {
            var source = PeerScript.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path p = Path.of(source.getLocation().toURI());
            return Optional.ofNullable(Files.isDirectory(p) ? p : p.getParent());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
