# symbols.cmake - i386mm defines no symbol that a shared library it loads
# also exports. The dynamic linker would bind the library's own calls to
# ours: libunicorn.so's internal cpu_stop once ran i386mm's (stop bits
# from a pointer, then a hang), and its crc32 shadows zlib's.
#
#   cmake -DEXE=path/to/i386mm -P symbols.cmake
find_program(NM nm REQUIRED)
find_program(LDD ldd REQUIRED)
execute_process(COMMAND ${NM} -D --defined-only ${EXE}
                OUTPUT_VARIABLE ours RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "nm ${EXE} failed")
endif()
string(REGEX MATCHALL "[^ \n]+\n" ours "${ours}")
list(TRANSFORM ours STRIP)
# the sanitizer build's runtime interface, shared with libasan by design
list(FILTER ours EXCLUDE REGEX "^__(asan|ubsan|lsan|sanitizer)_")
execute_process(COMMAND ${LDD} ${EXE} OUTPUT_VARIABLE libs)
string(REGEX MATCHALL "=> (/[^ ]+)" libs "${libs}")
list(TRANSFORM libs REPLACE "=> " "")
set(clashes "")
foreach(lib IN LISTS libs)
  execute_process(COMMAND ${NM} -D --defined-only ${lib}
                  OUTPUT_VARIABLE theirs)
  foreach(sym IN LISTS ours)
    if(theirs MATCHES " ${sym}(@|\n)")
      list(APPEND clashes "${sym} (${lib})")
    endif()
  endforeach()
endforeach()
list(LENGTH ours n)
if(clashes)
  message(FATAL_ERROR "i386mm exports symbols its libraries define: ${clashes}")
endif()
message(STATUS "${n} exported symbols, none defined by ${libs}")
