# trace_text.cmake - `trace import --from text`, then `trace dump` and
# `trace info` of the result, compared with the exact text they must
# print (the dump's line format is what scripts grep).
#
#   cmake -DEMULATOR=i386mm -DINPUT=refstring.txt -DWORK_DIR=dir
#         -P trace_text.cmake

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(trace "${WORK_DIR}/ref.trace")
set(problems "")

macro(i386mm)
  execute_process(COMMAND "${EMULATOR}" ${ARGN} OUTPUT_VARIABLE out
                  ERROR_VARIABLE err RESULT_VARIABLE status)
  message(STATUS "i386mm ${ARGN}: ${status}\n${out}${err}")
  if(NOT status EQUAL 0)
    string(APPEND problems "\n  i386mm ${ARGN}: exit ${status}")
  endif()
endmacro()

i386mm(trace import --from text "${INPUT}" -o "${trace}")
i386mm(trace dump "${trace}")
set(want "RUN pid=1 budget=0
ACCESS pid=1 R 0x00001000 size=0 unknown
ACCESS pid=1 R 0x00002000 size=0 unknown
ACCESS pid=1 W 0x00003000 size=0 unknown
ACCESS pid=1 R 0x00004000 size=0 unknown
ACCESS pid=1 R 0x00001000 size=0 unknown
ACCESS pid=1 R 0x00002004 size=0 unknown
ACCESS pid=1 X 0x00005000 size=0 unknown
ACCESS pid=1 R 0x00001ffc size=0 unknown
ACCESS pid=1 R 0x00002000 size=0 unknown
ACCESS pid=1 R 0x00003000 size=0 unknown
ACCESS pid=1 R 0x00004000 size=0 unknown
ACCESS pid=1 R 0x00005000 size=0 unknown
")
if(NOT out STREQUAL want)
  string(APPEND problems "\n  the dump is not the reference string")
endif()
i386mm(trace dump --limit 2 "${trace}")
if(NOT out STREQUAL "RUN pid=1 budget=0\nACCESS pid=1 R 0x00001000 size=0 unknown\n")
  string(APPEND problems "\n  dump --limit 2 did not print two lines")
endif()
i386mm(trace info "${trace}")
foreach(line "kind          imported" "source        text ${INPUT}"
             "records       13" "  RUN         1" "  ACCESS      12"
             "  SYSCALL     0" "accesses      R=10 W=1 X=1"
             "results       hit=0 walk=0 minor=0 major=0 signal=0 unknown=12"
             "pages         5")
  string(FIND "${out}" "${line}\n" at)
  if(at EQUAL -1)
    string(APPEND problems "\n  trace info lacks '${line}'")
  endif()
endforeach()
if(problems)
  message(FATAL_ERROR "trace text round trip:${problems}")
endif()
