package dev.firedrill.engine.validate;

import dev.firedrill.engine.model.DrillSpec;
import java.nio.file.Path;

/**
 * A drill read from a file: its name (metadata.name, or the file name without extension), the file
 * it came from and the spec. Only returned for documents without problems.
 */
public record LoadedDrill(String name, Path file, DrillSpec spec) {}
