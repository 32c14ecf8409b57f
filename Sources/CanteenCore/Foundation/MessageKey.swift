/// Every sentence the program can say to a person, by name. The CLI's catalog words each one in Chinese and
/// English; a test walks them all, so a key without both wordings cannot ship.
public enum MessageKey: String, Sendable, CaseIterable {
    // Values typed by a person.
    case dateMalformed, monthMalformed, amountMalformed, amountTooLarge, slotUnknown, payUnknown, mealNumberMalformed
    case siteCodeMalformed, roleUnknown, textFieldInvalid, categoryUnknown, deactivationReasonUnknown
    case dinerReferenceMalformed, dinerNumberNotAsPrinted, optionRange, minAgeRange

    // Resident ID numbers (GB 11643) and phone numbers.
    case idEmpty, idLength, idLastCharacter, idNotDigit, idProvince, idBornBefore1900, idBirthDateImpossible
    case idBornInFuture, idCheckCharacter
    case phoneEmpty, phonePlus, phoneCharacter, phoneSeparator, phoneTrailingHyphen, phoneMobileLength
    case phoneMobilePrefix, phoneInternational, phoneHyphens, phoneHyphenPlace, phoneLandlineLocal
    case phoneLandlineLength, phoneNeither

    // The database and files.
    case timeZoneUnknownHere, databaseMissing, databaseIsDirectory, notSQLite, databaseBusy, sqliteSays
    case databaseDamaged, refusedByDatabase, databaseError, unexpectedError, notCanteenDatabase
    case notCanteenDatabaseBecause, schemaNewer, schemaOlder, timeZoneUnknown, openingBudgetZero, initFileExists
    case cannotCreate, cannotRead, cannotReadToEnd, cannotWrite, cannotWriteBecause, fileNotFound
    case backupExists, targetIsDatabase, demoFileNotOurs, databaseReadOnly, strayCompanion, standardOutputIsDatabase
    case sqliteBusy, sqliteLocked, databaseFull, databaseIOError, databaseCannotOpen

    // Dates and months.
    case datedInFuture, monthClosedFor

    // Operators and roles.
    case operatorMissing, operatorUnknown, operatorInactive, roleMayNot, operatorExists, operatorNotFound
    case operatorAlreadyInactive, adminSelfDeactivate

    // Canteens, prices and policies.
    case priceZero, capacityRange, siteExists, priceInClosedMonth, priceExists, siteNotFound, siteIDNotFound
    case policyInClosedMonth

    // Diners.
    case registerBeforeBirth, registerUnderAge, alreadyRegistered, findEmpty, updateNothing
    case categoryBeforeRegistration, categoryMealsCharged, alreadyDeactivated, deactivateBeforeRegistration
    case dinerIDNotFound, dinerIDCorrupt, dinerNotFound

    // Meals.
    case refUsedOtherwise, mealBeforeRegistration, mealDinerInactive, mealUnderAge, mealNoPrice, mealDuplicate
    case mealNoPolicy, budgetExhausted, alreadyVoided, mealWithoutEntry, mealNotFound
    case budgetExhaustedForMonth, entryBeforeCorrected, settleBeforeMonthEnd, closeFundNegative, startsBeforeFirstOpenDay
    case hintAppropriationReachesBack

    // Import.
    case importEmpty, importHeader, importRefTwice, importDuplicateInFile, csvProblem, importFieldCount
    case importRefEmpty, importRowProblem, importMoreRows, importNothingRecorded, importBadRows

    // The journal, the budget and month end.
    case unbalancedEntry, fundWouldOverdraw, appropriationZero, sealMissing
    case declareMonthNotBegun, closeMonthNotEnded, closeAlreadyClosed, closeSealedByLater, closeEarlierOpen
    case closeUndeclared, settleQuietMonth, settleOpenMonth, settleAlreadyPaid, settleNothingPayable

    // Hints: a further line saying what to do.
    case hintInstallTzdata, hintInit, hintOtherPath, hintNewerBinary, hintMigrate, hintSiteList, hintEligibleFrom
    case migrateNotCompacted, hintRegister, hintBudgetAdd, hintDeclareOrForce, hintDemoOtherPath, simulationFundTooSmall, hintSimulateBudget
    case migrateVerifyFailed, verifyProblemLine, hintMigrateForce

    // audit verify: what a failed check found.
    case verifyEntryMissing, verifyEntryUnlinked, verifyEntryAltered, verifyEntryUnbalanced, verifyFundOverdrawnAt
    case verifyBalanceDiffers, verifyBalanceWithoutPostings, verifyFundIdentity, verifyFundOverdrawn
    case verifyMealWithoutEntry, verifyEntryMealMissing, verifyMealEntries, verifyVoidLink, verifyMealPostings
    case verifyMealRowChanged, verifyMealSplit, verifySettlementEntry, verifySettlementSealed
    case verifyPaymentWithoutSettlement, verifySealedHead, verifySealHash, verifyPostedAfterClose
    case verifyClosedChanged, verifySealedFund, verifyOpeningClosing, verifySiteSplit, verifyPayableDrawn
    case verifyReportPostings, verifyPayableDrawnAmounts, verifyTriggerMissing, verifyTriggerChanged
    case verifyAuditRowMissing, verifyAuditFactOrphan, verifyAuditRowAltered, verifyAuditUnknownTable
    case verifyAuditHeadAhead, verifyAuditHeadDiffers, verifyAuditHeadMissing
    case verifyFactUnrecorded, verifyFactChanged, verifyFactRemoved, verifySchemaMissing, verifySchemaChanged
    case verifySchemaExtra, verifyIntegrity, verifyMigrationsRecorded, verifyFundPeriod, verifyKeptRowWithoutEntries, verifyMealEntryPostings, verifySealedAuditHead, verifyPeriodFigures, verifyMealAltered
    case verifyMealOutOfBounds, verifyPostingOutOfBounds, verifyPeriodOverflow, verifyFundOverflow

    // audit anomalies: what a lead is.
    case anomalyMealAfterDeactivation, anomalyIneligible, anomalyOverCapacity, anomalySeveralCanteens
    case anomalyLateBackfill, anomalyDatedAhead, anomalyRegisteredAhead, anomalyCategoryAhead, anomalyClosedEarly
    case anomalySharedPhone, anomalyVeryOld, anomalyFrequentVoids, anomalyTakingsBelow, anomalyLookAlikeOperators

    // The command line's own.
    case optionTwice, versionAlone, optionUnknown, optionUnknownDidYouMean, subcommandMissing, flagTakesNoValue
    case optionMissing, argumentMissing, argumentUnexpected, optionValueMissing, commandUnknown, argumentAndOption
    case commandUnknownDidYouMean, subcommandUnknown, subcommandUnknownDidYouMean, excelNeedsCSV, statusUnknown
    case updateNothingOptions, fromNeedsCategory, dateOrMonth, exportFormat, formatUnsupported
    case formatUnsupportedUse, langUnknown, formatUnknown, optionValue, busyTimeoutMalformed, wholeNumberMalformed

    // Output files and temporary files.
    case outputPathEmpty, outputNotRegularFile, outputIsOpenDatabase, outputIsDatabaseCompanion, outputFolderUnusable
    case standardOutputFailed, newDatabaseExists
    case fileKindDirectory, fileKindFIFO, fileKindCharacterDevice, fileKindBlockDevice, fileKindSocket, fileKindOther

    // Edges: bounds, text and exports.
    case amountOverflow, countOverflow, storedMealDamaged, chargeDamaged, sealFiguresDamaged, keptFiguresDamaged, fundLimitExceeded, priceTooLarge, copayTooLarge, capTooLarge, dateOutOfRange, monthOutOfRange
    case simulationOpenDay, simulationMonthsRange, findTooLong, argumentNotUTF8, optionNotUTF8, environmentNotUTF8, operatorLooksLike
    case textFieldCharacter, textFieldSpace, textFieldMixedAlphabets

    // The gate and operators' keys.
    case keyEmpty, keyTooLong, keyMultipleLines, keyForbiddenCharacter, keyOptionsNotAllowed, keyUnsupportedType
    case keyMissingData, keyBadBase64, keyBlobMalformed, keyRSAMalformed, keyRSATooShort, keyRSATooLong, keyRefused
    case keyPointNotOnCurve, keyPointOutsideSSHBounds
    case keyOperatorInactive, keyAlreadyHeld, keyHeldByOther, fingerprintMalformed, keyNotFound, keyRowDamaged
    case keyOrKeyFileMissing, keyAndKeyFile, inputPathEmpty, inputTooLarge, inputNotUTF8, inputNotUTF16
    case gateKeyNotInService, gateDatabaseRefused, gateOperatorRefused, gateTodayRefused, gateCommandRefused
    case gateWhyNewDatabase, gateWhySchema, gateWhyGateSetup, gateWhyKeys, gateNotReentrant
    case gateInputFileRefused, gateOutputFileRefused, gateCommandMalformed, gateUnterminatedQuote
    case gateTrailingBackslash, gateForbiddenCharacter, gateCommandTooLong, gateCommandNotUTF8
    case gateProgramUnknown, gatePathRelative, gatePathCharacter, gateNameUnusable, gateCommandUnknown

    // Counter mode and cards.
    case cardNotFound, cardReplaced, cardDinerInactive, cardNone, cardDinersOrSite, cardDinersOrSiteMissing
    case cardReissueWithSite, counterAlreadyServed, counterDuplicate, counterInactive, counterNotRegistered
    case counterLineTooLong, counterLineControl, counterLineNotUTF8, counterUnknown, counterNothingToVoid
    case counterLastVoided, counterBeforeRegistration, counterUnderAge
}
