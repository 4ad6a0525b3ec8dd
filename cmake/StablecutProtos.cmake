# stablecut_proto_library(): compiles .proto files (messages and gRPC services) into one
# static library whose users include the generated headers by their proto path.
function(stablecut_proto_library target)
  cmake_parse_arguments(ARG "" "ROOT" "PROTOS;IMPORT_DIRS;LINK" ${ARGN})
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}/gen")
  set(sources)
  set(import_flags "-I${ARG_ROOT}")
  foreach(dir IN LISTS ARG_IMPORT_DIRS)
    list(APPEND import_flags "-I${dir}")
  endforeach()
  foreach(proto IN LISTS ARG_PROTOS)
    string(REGEX REPLACE "\\.proto$" "" stem "${proto}")
    set(generated
      "${out_dir}/${stem}.pb.cc" "${out_dir}/${stem}.pb.h"
      "${out_dir}/${stem}.grpc.pb.cc" "${out_dir}/${stem}.grpc.pb.h")
    add_custom_command(
      OUTPUT ${generated}
      COMMAND ${CMAKE_COMMAND} -E make_directory "${out_dir}"
      COMMAND protobuf::protoc ${import_flags}
              "--cpp_out=${out_dir}" "--grpc_out=${out_dir}"
              "--plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>"
              "${ARG_ROOT}/${proto}"
      DEPENDS "${ARG_ROOT}/${proto}" protobuf::protoc gRPC::grpc_cpp_plugin
      COMMENT "protoc ${proto}"
      VERBATIM)
    list(APPEND sources "${out_dir}/${stem}.pb.cc" "${out_dir}/${stem}.grpc.pb.cc")
  endforeach()
  add_library(${target} STATIC ${sources})
  # protoc gives every generated file the same file-local table names: they cannot share a
  # unity batch.
  set_target_properties(${target} PROPERTIES UNITY_BUILD OFF)
  target_include_directories(${target} PUBLIC "${out_dir}")
  target_link_libraries(${target} PUBLIC protobuf::libprotobuf gRPC::grpc++ ${ARG_LINK})
endfunction()
