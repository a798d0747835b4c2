# SP_FUZZ_TARGETS lists fuzz/<target>/ folders; SP_FUZZ_LIBS_<target> the libraries each links.
set(SP_FUZZ_TARGETS)
