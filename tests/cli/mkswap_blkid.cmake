# mkswap_blkid.cmake - `i386mm mkswap` writes an area blkid calls swap,
# with the label asked for; `i386mm run --swap` then uses it as it is.
#   cmake -DEMULATOR=i386mm -DBLKID=blkid -DWORK_DIR=dir -P mkswap_blkid.cmake
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(COMMAND "${EMULATOR}" mkswap s.swap 4M --label cli_test
                WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE rc
                ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "mkswap failed (${rc}): ${err}")
endif()
file(SIZE "${WORK_DIR}/s.swap" size)
if(NOT size EQUAL 4194304)
  message(FATAL_ERROR "s.swap has ${size} bytes, not 4194304")
endif()
execute_process(COMMAND "${BLKID}" -p -o export s.swap
                WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
message(STATUS "blkid: ${out}${err}")
if(NOT out MATCHES "TYPE=swap" OR NOT out MATCHES "LABEL=cli_test")
  message(FATAL_ERROR "blkid does not see the swap area and its label")
endif()
# An existing area of another size is refused, with one line.
execute_process(COMMAND "${EMULATOR}" run --swap s.swap:8M /nonexistent
                WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE rc
                ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES
   "^i386mm: --swap s.swap: already a swap area of 4194304 bytes, not 8388608[^\n]*\n$")
  message(FATAL_ERROR "a different SIZE: status ${rc}, stderr: ${err}")
endif()
