package org.websocketchat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import org.junit.jupiter.api.Test;

/**
 * The package map of the README, enforced on the compiled main classes: dependencies run one way,
 * lifecycle (the composition root) → boundary, relay, store and metrics → control → wire → entity, with no
 * cycle; control, wire and entity are plain Java and name no container.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.websocketchat");

    /** Container names, code and comments alike: the core states its contracts generically. */
    private static final Pattern VENDOR = Pattern.compile(
            "tomcat|jetty|tyrus|grizzly|glassfish|payara|liberty|wildfly|undertow", Pattern.CASE_INSENSITIVE);

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("org.websocketchat.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void dependenciesRunOneWay() {
        ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("lifecycle").definedBy("org.websocketchat.lifecycle..")
                .layer("boundary").definedBy("org.websocketchat.boundary..")
                .layer("relay").definedBy("org.websocketchat.relay..")
                .layer("metrics").definedBy("org.websocketchat.metrics..")
                .layer("store").definedBy("org.websocketchat.store..")
                .layer("control").definedBy("org.websocketchat.control..")
                .layer("wire").definedBy("org.websocketchat.wire..")
                .layer("entity").definedBy("org.websocketchat.entity..")
                .whereLayer("lifecycle").mayNotBeAccessedByAnyLayer()
                .whereLayer("boundary").mayOnlyBeAccessedByLayers("lifecycle")
                .whereLayer("relay").mayOnlyBeAccessedByLayers("lifecycle")
                .whereLayer("metrics").mayOnlyBeAccessedByLayers("lifecycle")
                .whereLayer("store").mayOnlyBeAccessedByLayers("lifecycle")
                .whereLayer("control").mayOnlyBeAccessedByLayers("lifecycle", "boundary", "relay", "metrics", "store")
                .whereLayer("wire").mayOnlyBeAccessedByLayers("lifecycle", "boundary", "control")
                .whereLayer("entity").mayOnlyBeAccessedByLayers("lifecycle", "boundary", "relay", "metrics", "store", "control", "wire");
        layers.check(MAIN);
    }

    @Test
    void theCoreUsesNoContainerApi() {
        noClasses().that().resideInAnyPackage("org.websocketchat.control..", "org.websocketchat.entity..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.websocket..", "jakarta.servlet..", "io.lettuce..", "io.micrometer..",
                        "org.flywaydb..", "java.sql..", "javax.sql..", "javax.naming..")
                .check(MAIN);
    }

    @Test
    void theCoreNamesNoContainer() {
        List<String> named;
        try (Stream<Path> sources = Stream.of("control", "wire", "entity")
                .flatMap(ArchitectureTest::sources)) {
            named = sources.filter(file -> VENDOR.matcher(read(file)).find()).map(Path::toString).toList();
        }
        assertEquals(List.of(), named, "container names belong at the boundary (docs/containers.md)");
    }

    private static Stream<Path> sources(String layer) {
        try {
            return Files.list(Path.of("src/main/java/org/websocketchat", layer));
        } catch (IOException e) {
            throw new IllegalStateException("run from the project directory", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
