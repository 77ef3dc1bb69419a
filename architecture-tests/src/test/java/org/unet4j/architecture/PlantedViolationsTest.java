package org.unet4j.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Each architecture rule fails on a planted violation (the classes under {@code org.unet4j.architecture.planted},
 * test fixtures outside the project's packages), and names it.
 */
class PlantedViolationsTest {
    private static final String PLANTED = "org.unet4j.architecture.planted";
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages(PLANTED);

    @Test
    void aPlantedPackageCycleFailsTheCycleRule() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ArchitectureRules.noPackageCycles(PLANTED, List.of()).check(CLASSES));
        assertTrue(e.getMessage().contains("cycle.a") && e.getMessage().contains("cycle.b"), e.getMessage());
    }

    @Test
    void aKnownCycleIsExceptedAndOnlyThatOne() {
        ArchitectureRules.noPackageCycles(PLANTED, List.of(new ArchitectureRules.KnownCycle(PLANTED + ".cycle.a",
                PLANTED + ".cycle.b", "planted"))).check(CLASSES);
        assertThrows(AssertionError.class, () -> ArchitectureRules.noPackageCycles(PLANTED,
                List.of(new ArchitectureRules.KnownCycle(PLANTED + ".lower", PLANTED + ".upper", "planted")))
                .check(CLASSES));
    }

    @Test
    void aPlantedUpwardDependencyFailsTheModuleRule() {
        List<ArchitectureRules.Module> modules = List.of(
                new ArchitectureRules.Module("lower", resideInAPackage(PLANTED + ".lower.."), Set.of()),
                new ArchitectureRules.Module("upper", resideInAPackage(PLANTED + ".upper.."), Set.of("lower")));
        AssertionError e = assertThrows(AssertionError.class,
                () -> ArchitectureRules.noUpwardModuleDependencies(modules).check(CLASSES));
        assertTrue(e.getMessage().contains("module lower depends only on itself")
                && e.getMessage().contains("Engine"), e.getMessage());
    }

    @Test
    void aPlantedAparapiImportFailsTheAparapiRule() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> ArchitectureRules.aparapiOnlyIn("org.unet4j.autodiff.opencl").check(CLASSES));
        assertTrue(e.getMessage().contains("Launcher") && e.getMessage().contains("com.aparapi.Kernel"),
                e.getMessage());
    }
}
