package io.framebus.bench;

import io.framebus.Backing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a bench child process is told on its command line ({@code key=value} arguments).
 *
 * @param cell      the cell
 * @param settings  how it is measured
 * @param endpoint  where the writer listens: channel name, socket path, Aeron directory ("-" for TCP,
 *                  whose port the writer picks)
 */
record ChildArgs(CellSpec cell, BenchSettings settings, String endpoint) {

    List<String> toArgs() {
        List<String> a = new ArrayList<>();
        a.add("transport=" + cell.transport().id());
        a.add("payload=" + cell.payload().id());
        a.add("readers=" + cell.readers());
        a.add("work=" + cell.work().id());
        a.add("wait=" + cell.waitStrategy());
        a.add("endpoint=" + endpoint);
        a.add("socket-buffer=" + settings.socketBuffer());
        a.add("slots=" + settings.slots());
        a.add("backing=" + settings.backing().name().toLowerCase(Locale.ROOT));
        a.add("aeron-mtu=" + settings.aeronMtu());
        return a;
    }

    static ChildArgs parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                m.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        CellSpec cell = new CellSpec(Transport.parse(m.get("transport")), Payload.parse(m.get("payload")),
                Integer.parseInt(m.get("readers")), Work.parse(m.get("work")), m.getOrDefault("wait", ""));
        BenchSettings defaults = BenchSettings.defaults();
        BenchSettings s = new BenchSettings(defaults.warmup(), defaults.window(), defaults.pacedWindow(),
                defaults.pacedRate(), defaults.retries(), defaults.maxLoad(), Integer.parseInt(m.get("socket-buffer")),
                Integer.parseInt(m.get("slots")),
                Backing.valueOf(m.get("backing").toUpperCase(Locale.ROOT)), Integer.parseInt(m.get("aeron-mtu")),
                defaults.childHeap(), null);
        return new ChildArgs(cell, s, m.get("endpoint"));
    }
}
