/** The command line: the launcher, its options and its exit codes. */
package dev.dl4jlessons.cli;
