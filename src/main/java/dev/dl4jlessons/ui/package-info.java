/**
 * DL4J's training UI for {@code --ui}: its server on localhost only, behind a gate that lets through only the pages'
 * own GET requests (no uploads, no bodies), with its files in a private directory removed at exit, and a stats
 * listener on every network the course trains. Nothing outside the launcher's {@code --ui} branch uses this package, so runs without it never load it.
 */
package dev.dl4jlessons.ui;
