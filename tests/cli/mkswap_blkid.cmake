# mkswap_blkid.cmake - `i386mm mkswap` writes an area blkid calls swap,
# with the label asked for; `i386mm run --swap` refuses another size,
# and takes an area util-linux mkswap wrote.
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
# An area util-linux's mkswap wrote is taken as it is.
find_program(MKSWAP mkswap PATHS /sbin /usr/sbin)
if(MKSWAP AND DEFINED HELLO)
  execute_process(COMMAND "${MKSWAP}" -L util u.swap 2M
                  WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE rc
                  OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc EQUAL 0)
    # older mkswap takes no size: make the file first
    file(WRITE "${WORK_DIR}/u.swap" "")
    execute_process(COMMAND truncate -s 2M u.swap
                    WORKING_DIRECTORY "${WORK_DIR}")
    execute_process(COMMAND "${MKSWAP}" -L util u.swap
                    WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE rc
                    OUTPUT_QUIET ERROR_QUIET)
  endif()
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "util-linux mkswap failed: ${rc}")
  endif()
  execute_process(COMMAND "${EMULATOR}" run --swap u.swap:2M
                          --stats-json s.json "${HELLO}"
                  WORKING_DIRECTORY "${WORK_DIR}" RESULT_VARIABLE rc
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out STREQUAL "hello, world\n")
    message(FATAL_ERROR "run --swap on util-linux's area: status ${rc}, "
                        "stdout '${out}', stderr '${err}'")
  endif()
  message(STATUS "util-linux mkswap's area used: ${err}")
endif()
