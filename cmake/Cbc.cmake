# COIN-OR CBC, the mixed-integer solver behind the placement round (Debian:
# coinor-libcbc-dev, which brings Cgl, Clp, Osi and CoinUtils). Its pkg-config
# file `cbc` names them all; exposed as the IMPORTED target PkgConfig::CBC.
find_package(PkgConfig REQUIRED)
pkg_check_modules(CBC REQUIRED IMPORTED_TARGET cbc)
