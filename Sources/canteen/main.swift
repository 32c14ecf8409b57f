import CanteenCLI

CanteenCLI.main()
