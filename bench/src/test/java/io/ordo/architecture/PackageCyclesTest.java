package io.ordo.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * No package of any Ordo module depends on itself through other packages: every main package of every
 * module is a slice, and the slices' dependency graph (read from the compiled classes) must be
 * acyclic. It runs in {@code bench} because bench's test classpath holds every module's main classes
 * (deploy as a test dependency); a cycle fails with the cycle's classes and the lines that make it.
 */
class PackageCyclesTest {
    /** One package of each module: the scan must see them all, or the check would pass on nothing. */
    private static final List<String> MODULE_ROOTS = List.of("io.ordo.core", "io.ordo.checkpoint",
            "io.ordo.transport", "io.ordo.protocol", "io.ordo.model", "io.ordo.streams", "io.ordo.actors",
            "io.ordo.deploy", "io.ordo.bench", "io.ordo.kafkabroker");

    private static final JavaClasses MAIN_CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // target/test-classes is left out above; model's test-jar (its test fixtures) is left out here.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.ordo");

    @Test
    void everyModuleIsScanned() {
        Set<String> packages = MAIN_CLASSES.stream().map(JavaClass::getPackageName)
                .collect(Collectors.toCollection(TreeSet::new));
        for (String root : MODULE_ROOTS) {
            assertTrue(packages.stream().anyMatch(p -> p.equals(root) || p.startsWith(root + ".")),
                    () -> "no main class under " + root + " on the classpath; scanned " + packages);
        }
    }

    @Test
    void mainPackagesAreFreeOfCycles() {
        slices().matching("io.ordo.(**)").should().beFreeOfCycles()
                .check(MAIN_CLASSES);
    }
}
