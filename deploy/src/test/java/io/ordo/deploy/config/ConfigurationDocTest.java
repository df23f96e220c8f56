package io.ordo.deploy.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} lists every key of {@code reference.conf} under {@code ordo.job}
 * with its default, and no key that is not there; the table of old keys matches {@link MovedKeys}.
 */
class ConfigurationDocTest {
    /** A key row: {@code | `model.d-model` | `64` | ... |}. */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z.-]+)` \\| `([^`]*)` \\|");
    /** An old-key row: {@code | `d-model` | `model.d-model` |}. */
    private static final Pattern MOVED = Pattern.compile("^\\| `([a-z-]+)` \\| `([a-z.-]+)` \\|$");

    @Test
    void shouldDocumentEveryReferenceKeyWithItsDefault() throws Exception {
        Config reference = ConfigFactory.defaultReference().getConfig(JobKeys.PREFIX);
        Map<String, String> documented = new LinkedHashMap<>();
        Map<String, String> moved = new LinkedHashMap<>();
        boolean oldKeys = false;
        for (String line : Files.readAllLines(doc())) {
            oldKeys |= line.startsWith("## Keys of ordo 0.1");
            Matcher m = ROW.matcher(line);
            if (!oldKeys && m.find()) {
                documented.put(m.group(1), m.group(2));
            }
            Matcher o = MOVED.matcher(line);
            if (oldKeys && o.find()) {
                moved.put(o.group(1), o.group(2));
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> wrongDefault = new ArrayList<>();
        for (String key : MovedKeys.leaves(reference)) {
            String shown = documented.remove(key);
            if (shown == null) {
                missing.add(key);
            } else if (!ConfigFactory.parseString("v = " + shown).getValue("v").unwrapped()
                    .equals(reference.getValue(key).unwrapped())) {
                wrongDefault.add(key + " (doc " + shown + ", reference.conf " + reference.getValue(key).render() + ")");
            }
        }
        assertTrue(missing.isEmpty(), "reference.conf keys missing from " + doc() + ": " + missing);
        assertTrue(wrongDefault.isEmpty(), "defaults that differ: " + wrongDefault);
        assertTrue(documented.isEmpty(), "documented keys that reference.conf does not have: " + documented.keySet());
        assertEquals(MovedKeys.OLD_TO_NEW, moved, "the table of ordo 0.1 keys");
    }

    private static Path doc() {
        Path p = Path.of("docs", "configuration.md");
        return Files.exists(p) ? p : Path.of("..", "docs", "configuration.md");
    }
}
