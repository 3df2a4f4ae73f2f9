# `cmake --install` and the Debian package (cpack -G DEB). Layout under the prefix (GNUInstallDirs):
#   bin/acklab, bin/acklab-cli
#   share/acklab/{scenarios,presets}/*.json, share/acklab/{scenario,report}.schema.json   (found by core/common/DataDir)
#   share/acklab/scripts/fetch-kafka.sh + share/acklab/kafka/{pom.xml,log4j2.properties}  (local Kafka's jars)
#   share/applications/dev.acklab.AckLab.desktop, share/metainfo/dev.acklab.AckLab.metainfo.xml
#   share/icons/hicolor/{scalable,NxN}/apps/dev.acklab.AckLab.{svg,png}
#   share/man/man1/acklab.1.gz, acklab-cli.1.gz (help2man from --help/--version), share/doc/acklab/
include(GNUInstallDirs)

set(ACKLAB_APP_ID dev.acklab.AckLab)
set(ACKLAB_DATA_INSTALL_DIR ${CMAKE_INSTALL_DATADIR}/acklab)  # DataDir looks in <bin>/../share/acklab

install(TARGETS acklab-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(TARGET acklab)
  install(TARGETS acklab RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

install(DIRECTORY resources/scenarios resources/presets DESTINATION ${ACKLAB_DATA_INSTALL_DIR}
        FILES_MATCHING PATTERN "*.json")
install(FILES resources/scenario.schema.json resources/report.schema.json DESTINATION ${ACKLAB_DATA_INSTALL_DIR})
install(PROGRAMS scripts/fetch-kafka.sh DESTINATION ${ACKLAB_DATA_INSTALL_DIR}/scripts)
install(FILES kafka/pom.xml kafka/log4j2.properties DESTINATION ${ACKLAB_DATA_INSTALL_DIR}/kafka)

install(FILES resources/linux/${ACKLAB_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES resources/linux/${ACKLAB_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES resources/icons/acklab.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME ${ACKLAB_APP_ID}.svg)
foreach(size 16 32 48 64 128 256)
  install(FILES resources/icons/hicolor/${size}x${size}/apps/${ACKLAB_APP_ID}.png
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
endforeach()
install(FILES README.md docs/architecture.md docs/real-kafka.md docs/embedded-cluster.md docs/scenarios.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/acklab)  # the package's name, not project()'s

# Man pages from the binaries' own --help and --version, at build time (help2man runs the fresh binaries; the
# window answers --help and --version without a display). Gzipped without a timestamp, as Debian wants them.
find_program(ACKLAB_HELP2MAN help2man)
find_program(ACKLAB_GZIP gzip)
if(ACKLAB_HELP2MAN AND ACKLAB_GZIP)
  set(man_dir ${CMAKE_BINARY_DIR}/man)
  set(man_pages "")
  set(acklab-cli_man_name "Kafka producer reliability workbench, headless")
  set(acklab_man_name "Kafka producer reliability workbench (the window)")
  foreach(prog acklab-cli acklab)
    if(NOT TARGET ${prog})
      continue()
    endif()
    add_custom_command(OUTPUT ${man_dir}/${prog}.1.gz
                       COMMAND ${CMAKE_COMMAND} -E make_directory ${man_dir}
                       COMMAND ${ACKLAB_HELP2MAN} --no-info --section=1 --locale=C.UTF-8 "--name=${${prog}_man_name}"
                               --output=${man_dir}/${prog}.1 $<TARGET_FILE:${prog}>
                       COMMAND ${ACKLAB_GZIP} -9nf ${man_dir}/${prog}.1
                       DEPENDS ${prog} VERBATIM)
    list(APPEND man_pages ${man_dir}/${prog}.1.gz)
  endforeach()
  add_custom_target(acklab_man_pages ALL DEPENDS ${man_pages})
  install(FILES ${man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man or gzip not found: no man pages (scripts/setup.sh installs help2man)")
endif()

# ---- Debian package: cpack -G DEB in the build folder -> acklab_<version>_<arch>.deb -----------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME acklab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "AckLab")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Kafka producer reliability workbench")
set(CPACK_PACKAGE_DESCRIPTION
    "AckLab fires test traffic through its own librdkafka producer and shows what a configuration (acks, \
idempotence, retries, timeouts, batching) does to every message: delivery latency, errors classified by Kafka \
error code with the remedy, and dead-letter-queue counts. Faults are injected on purpose (broker down, \
NOT_ENOUGH_REPLICAS, authorization failures, oversized messages, leader crashes) on an embedded cluster, a local \
3-node Apache Kafka or any external cluster. Includes the Qt window (acklab) and a headless CLI (acklab-cli).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(ACKLAB_DEB_MAINTAINER "AckLab maintainers <maintainers@acklab.dev>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${ACKLAB_DEB_MAINTAINER}")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends is derived by dpkg-shlibdeps from the binaries' shared libraries (librdkafka, Qt 6, QCustomPlot...).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The local Apache Kafka needs a Java runtime, and Maven to fetch its jars once; the embedded cluster needs neither.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "openjdk-17-jre-headless | java17-runtime-headless, maven")
include(CPack)
