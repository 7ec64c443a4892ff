package io.framebus.internal.diagnostics;

import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The channels open in this JVM, and the hook that registers the periodic JFR events once JFR is
 * initialized (at JVM start, or later through {@code jcmd PID JFR.start}): not before, because
 * registering an event class initializes part of JFR, which costs hundreds of milliseconds in a JVM
 * that never records.
 */
final class OpenChannels {
    private static final Set<OpenChannel> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean PERIODIC_REGISTERED = new AtomicBoolean();
    /** False on a runtime without JFR (a jlinked image without jdk.jfr, a VM built without it). */
    private static final boolean AVAILABLE = listen();

    private static boolean listen() {
        try {
            FlightRecorder.addListener(new FlightRecorderListener() {
                @Override
                public void recorderInitialized(FlightRecorder recorder) {
                    if (PERIODIC_REGISTERED.compareAndSet(false, true)) {
                        JfrEvents.registerPeriodic();
                    }
                }
            });
            return true;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    private OpenChannels() {
    }

    static OpenChannel add(OpenChannel channel) {
        OPEN.add(channel);
        return channel;
    }

    static void remove(OpenChannel channel) {
        OPEN.remove(channel);
    }

    /** A copy, for JFR's periodic thread. */
    static List<OpenChannel> open() {
        return List.copyOf(OPEN);
    }

    /** Whether JFR is initialized, so that an event class may be loaded: one static field read. */
    static boolean jfr() {
        return AVAILABLE && FlightRecorder.isInitialized();
    }
}
