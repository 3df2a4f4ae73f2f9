# The build tree as a development AckLab: its build identity and its data folder, without an install.

# Build identity: acklab_build_info.h (version, git describe) for core/common/BuildInfo.cpp. Written once now,
# then refreshed by every build (the target always runs; the header changes only with a new description).
set(ACKLAB_GENERATED_DIR ${CMAKE_BINARY_DIR}/generated)
file(MAKE_DIRECTORY ${ACKLAB_GENERATED_DIR})
set(ACKLAB_BUILD_INFO_ARGS -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -DOUTPUT=${ACKLAB_GENERATED_DIR}/acklab_build_info.h
                           -DVERSION=${PROJECT_VERSION} -P ${PROJECT_SOURCE_DIR}/cmake/BuildInfo.cmake)
execute_process(COMMAND ${CMAKE_COMMAND} ${ACKLAB_BUILD_INFO_ARGS} COMMAND_ERROR_IS_FATAL ANY)
add_custom_target(acklab_build_info COMMAND ${CMAKE_COMMAND} ${ACKLAB_BUILD_INFO_ARGS}
                  BYPRODUCTS ${ACKLAB_GENERATED_DIR}/acklab_build_info.h VERBATIM)

# Data folder: binaries look for share/acklab above their own folder (core/common/DataDir.h). In the build
# tree that is this link to the source's resources/, so edits to a scenario are seen without a rebuild.
# The link lives in the build tree only; installs and packages copy the files (cmake/Install.cmake).
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/share)
file(CREATE_LINK ${PROJECT_SOURCE_DIR}/resources ${CMAKE_BINARY_DIR}/share/acklab SYMBOLIC)
