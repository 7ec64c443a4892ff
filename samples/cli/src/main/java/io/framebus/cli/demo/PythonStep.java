package io.framebus.cli.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code demo --chain --python SCRIPT}: a Python script that takes the place of the chain's Java
 * {@code postprocess} stage (python/examples/postprocess.py is one). The script gets the command line the Java
 * stage would get, without the word {@code postprocess}: {@code --decoder yolox --tensors CH --detections CH
 * --jsonl FILE --size WxH --resize letterbox --progress --control-stdin --timings FILE [--dir DIR]}, and must
 * follow the chain's contract (docs/chain.md).
 *
 * @param script      the script
 * @param interpreter the Python interpreter that runs it; it must be able to {@code import framebus}
 */
public record PythonStep(Path script, String interpreter) {
    public PythonStep {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(interpreter, "interpreter");
    }

    /** The interpreter's command line for the stage command line {@code stageArgs} ({@code postprocess ...}). */
    List<String> command(List<String> stageArgs) {
        List<String> command = new ArrayList<>(List.of(interpreter, script.toString()));
        command.addAll(stageArgs.subList(1, stageArgs.size()));
        return command;
    }
}
