/** Plain-text output shared by the CLI commands and the benchmark report. */
package io.framebus.cli.text;
