/** The README's examples: a writer and a reader that use nothing but the framebus API. */
module io.framebus.examples {
    requires io.framebus;
}
