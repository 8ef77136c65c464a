/**
 * Filtering real data with conv4j ({@code dev.conv4j.filters}): the catalogue of named filter
 * kernels, images, signals and volumes (also out of core), and their plots, contact sheets and
 * montages as drawings.
 */
module dev.conv4j.filters {
    requires transitive dev.conv4j.core;
    requires transitive dev.conv4j.io;
    requires transitive dev.conv4j.draw;

    exports dev.conv4j.filters;
}
