/**
 * The root of the {@code ordo} command line ({@link io.ordo.deploy.cli.OrdoCommand}, the jar's main
 * class): it names every subcommand, so it sits above the packages that define them.
 */
package io.ordo.deploy.cli;
