# syntax=docker/dockerfile:1
# aqpipe's container image: a build stage compiles the release binary; the runtime stage holds
# only that binary, the shared libraries it loads, CA certificates and the bundled sample.
# BASE_IMAGE is an argument because CI reaches no registry: scripts/container/build_image.sh
# makes a Debian base from Debian's packages and passes it here.
ARG BASE_IMAGE=debian:bookworm-slim

FROM ${BASE_IMAGE} AS build
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      g++ make cmake ninja-build pkg-config ca-certificates ccache \
      libsimdjson-dev libcli11-dev libfmt-dev libsqlite3-dev libcurl4-openssl-dev libssl-dev \
      zlib1g-dev libzstd-dev libdeflate-dev libpq-dev >/dev/null && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY CMakeLists.txt CMakePresets.json ./
COPY cmake cmake
COPY src src
COPY data/sample data/sample
# The dashboard's charting library, when scripts/setup.sh (npm ci in web/) has fetched it; without
# it the image's `aqpipe report` says it was built without charts.
COPY web web
# The ccache cache mount survives between builds: a rebuild after a source change is mostly hits.
# CCACHE_DIR may name another folder instead: scripts/container/build_image.sh mounts the host's
# ccache there, so objects the host's release build made are hits here too (paths are relative
# to CCACHE_BASEDIR on both sides, and ccache hashes the locale, which the script passes along).
ARG CCACHE_DIR=/root/.ccache
ARG LANG
ARG LC_ALL
RUN --mount=type=cache,target=/root/.ccache \
    export CCACHE_DIR=${CCACHE_DIR} CCACHE_BASEDIR=/src CCACHE_NOHASHDIR=true && \
    cmake --preset release -DAQPIPE_TESTS=OFF >/dev/null && \
    cmake --build --preset release --target aqpipe && \
    strip build/release/aqpipe
# The runtime root: the binary, exactly the libraries ldd reports, the dynamic loader among them
# (no package manager, shell or coreutils in the image), CA certificates, the sample, and passwd,
# group and nsswitch entries for the non-root user (uid 10001, the user Batch and Kubernetes run).
RUN set -e; out=/out; mkdir -p $out/usr/local/bin $out/usr/share/aqpipe $out/etc/ssl/certs $out/work $out/tmp; \
    cp build/release/aqpipe $out/usr/local/bin/; \
    for lib in $(ldd build/release/aqpipe | grep -o '/[^ ]*'); do cp -L --parents "$lib" $out/; done; \
    cp /etc/ssl/certs/ca-certificates.crt $out/etc/ssl/certs/; \
    cp -r data/sample $out/usr/share/aqpipe/sample; \
    echo 'root:x:0:0:root:/root:/nonexistent' >$out/etc/passwd; \
    echo 'aqpipe:x:10001:10001:aqpipe:/work:/nonexistent' >>$out/etc/passwd; \
    printf 'root:x:0:\naqpipe:x:10001:\n' >$out/etc/group; \
    printf 'passwd: files\ngroup: files\nhosts: files dns\n' >$out/etc/nsswitch.conf; \
    chown 10001:10001 $out/work; chmod 1777 $out/tmp

FROM scratch
COPY --from=build /out/ /
ENV PATH=/usr/local/bin:/usr/bin:/bin SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt HOME=/work
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["aqpipe"]
