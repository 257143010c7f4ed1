package dev.firedrill.engine.validate;

import dev.firedrill.engine.model.DrillSpec;
import java.nio.file.Path;

/**
 * A valid drill, wherever it came from: a file, text, or a custom resource. Only returned for
 * documents without problems.
 *
 * @param name metadata.name, or the file name without extension
 * @param source where it came from, for messages: a file path, {@code drills/<ns>/<name>}, ...
 * @param baseDir where relative paths of the drill (processes' working dirs) resolve; null when it
 *     came from no file (they then resolve against the working directory)
 * @param text the text it was read from, kept in the run directory as {@code drill.yaml}
 * @param spec the drill
 */
public record LoadedDrill(String name, String source, Path baseDir, String text, DrillSpec spec) {}
