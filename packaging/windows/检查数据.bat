@echo off
chcp 65001 >nul
rem 检查 site 文件夹中的数据；第一次运行时新建 site 文件夹。
cd /d "%~dp0"
if not exist "site\config.yaml" (
  creditsite.exe init site
  echo.
  echo 请先修改 site\config.yaml，把附件2 放进 site\data\disclosures、附件3 放进 site\data\commitments，再双击本文件检查。
  echo.
  pause
  exit /b
)
creditsite.exe check --source site
echo.
if errorlevel 1 (echo 有需要改正的问题，见上面每一行的说明。) else (echo 检查完毕。)
pause
