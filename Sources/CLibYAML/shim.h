// libyaml (libyaml-dev, pkg-config yaml-0.1): the system's YAML 1.1 parser, read event by event by SpecSyntax.
#include <yaml.h>
